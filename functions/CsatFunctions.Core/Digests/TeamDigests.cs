using System.Globalization;
using CsatFunctions.Agents;
using CsatFunctions.Desk;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Digests;

/// <summary>
/// The weekly digest to the team (<c>Csat__Digests__Weekly__To</c>): from the sending hour, each local
/// week not yet sent, oldest first, once (<see cref="AgentEmailOnce"/>, claim <c>weekly|{monday}</c> in
/// partition <see cref="Partition"/>). The cursor in <see cref="DigestLog"/> moves past a week only once
/// its email is sent, so a week missed (SendGrid down, every host down) goes out at the next tick that can,
/// unless the next week is due by then too (<see cref="DigestCalendar.IsStale"/>): then only the latest goes out.
/// Unset, the cursor still moves, so setting it later sends no backlog.
/// </summary>
/// <param name="services">The sender is resolved at the first digest, as <see cref="AgentDigests"/> does, for the same reason.</param>
public sealed class TeamDigests(CsatOptions options, DigestLog log, DeskReports reports, FollowUpTable followUps, AnswerFeed feed, DigestEmail email, IServiceProvider services, ILogger<TeamDigests> logger)
{
    public const string Partition = "team-digest";
    public const int MostComments = 10;
    public const int MostFollowUps = 20;

    /// <returns>How many weekly digests this call sent.</returns>
    /// <exception cref="SendGridUnavailableException">SendGrid did not take one; the next tick tries again.</exception>
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var digests = options.Digests;
        var cursor = await log.CursorAsync(DigestKind.Weekly, DigestCalendar.FirstNotDue(digests, DigestKind.Weekly, now), cancellationToken);
        var sent = 0;
        while (cursor is not null && DigestCalendar.IsDue(digests, DigestKind.Weekly, cursor.First, now))
        {
            // Switched off, the weeks still pass, so switching it on later sends no backlog.
            var week = cursor.First;
            if (DigestCalendar.IsStale(digests, DigestKind.Weekly, week, now))
            {
                logger.LogInformation("The weekly digest of {Week} is skipped: it is more than a week late and the next one is due.", Day(week));
            }
            else if (digests.WeeklyTo.Count > 0)
            {
                var digest = await BuildAsync(week, now, cancellationToken);
                var once = services.GetRequiredService<AgentEmailOnce>();
                var claim = await once.SendAsync(Partition, FormattableString.Invariant($"weekly|{week:yyyy-MM-dd}"), () => email.Team(digest), null, cancellationToken);
                if (claim == AgentClaim.Held)
                {
                    return sent;
                }

                sent += claim == AgentClaim.Claimed ? 1 : 0;
            }

            cursor = await log.AdvanceAsync(cursor, DigestCalendar.Next(DigestKind.Weekly, week), cancellationToken);
        }

        return sent;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task<TeamDigest> BuildAsync(DateOnly week, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var range = new DayRange(week, DigestCalendar.LastDay(DigestKind.Weekly, week));
        var report = await reports.BuildAsync(range, cancellationToken);
        var open = (await followUps.ListAsync(null, null, cancellationToken))
            .Where(followUp => followUp.Status is FollowUpStatus.Open or FollowUpStatus.Contacted)
            .OrderBy(followUp => followUp.OpenedAt)
            .ToList();
        var (bottom, bottomCount) = await CommentsAsync(range, Rating.Unsatisfactory, cancellationToken);
        var (best, bestCount) = await CommentsAsync(range, Rating.Excellent, cancellationToken);
        return new TeamDigest(at, range.From, range.To, report, open, bottom, bottomCount, best, bestCount);
    }

    private async Task<(List<AnswerItem> Shown, int Count)> CommentsAsync(DayRange range, Rating rating, CancellationToken cancellationToken)
    {
        var shown = new List<AnswerItem>();
        var count = 0;
        await foreach (var answer in feed.ReadAsync(range, new AnswerFilter(rating, null, null, true), null, cancellationToken))
        {
            if (++count <= MostComments)
            {
                shown.Add(answer);
            }
        }

        return (shown, count);
    }
}
