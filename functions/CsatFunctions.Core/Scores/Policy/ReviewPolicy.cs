using System.Xml;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The figures the review policy states (<c>GET /api/score/policy</c> with <c>Accept: application/json</c>),
/// taken from one published score document and its comments document, so the page, this answer,
/// score.json and comments.json of one refresh cannot differ.
/// </summary>
/// <param name="RetentionDays">Days after resolution a customer's personal data is erased; null: kept until erased on request.</param>
/// <param name="Ledger">Whether the public ledger is published, its checkpoint signed, and its verify page's address when the API knows where the static files are.</param>
public sealed record ReviewPolicy(
    int SchemaVersion,
    string Company,
    DateTime GeneratedAt,
    ReviewPolicyCollection Collection,
    ReviewPolicyFigure Figure,
    IReadOnlyDictionary<string, int> RemovedByReason,
    int? RetentionDays,
    ReviewPolicyLedger Ledger)
{
    public static ReviewPolicy From(ScoreDocument document, CommentsDocument comments, ReviewPolicySettings settings)
    {
        var month = document.Windows.Last30Days;
        return new ReviewPolicy(
            1,
            document.Company,
            document.GeneratedAt,
            new ReviewPolicyCollection(
                settings.SurveyCooldownDays,
                settings.SendDelay > TimeSpan.Zero ? XmlConvert.ToString(settings.SendDelay) : null,
                settings.ExcludesInternal,
                settings.InvitesReviews,
                Incentives: false,
                settings.ReminderAfterDays,
                settings.AsksAgainAfterReopen ? "ask-again" : "keep"),
            new ReviewPolicyFigure(
                document.MinimumRatedToShow,
                Scales.All.ToDictionary(scale => scale.Name, Satisfied, StringComparer.Ordinal),
                new ReviewPolicyWindow(month.Surveyed, month.NotSurveyed, month.Rated, month.ResponseRatePercent, document.Shows(month) ? month.SatisfactionPercent : null)),
            CommentTable.RemovalReasons.ToDictionary(reason => reason, reason => comments.RemovedByReason.GetValueOrDefault(reason), StringComparer.Ordinal),
            settings.RetentionDays > 0 ? settings.RetentionDays : null,
            settings.Ledger);
    }

    /// <summary>The answers of a scale that count as satisfied: those in the excellent and satisfactory buckets, as the calculator counts them.</summary>
    private static IReadOnlyList<string> Satisfied(Scale scale) =>
        [.. scale.Values.Where(value => scale.TryRead(value, out var bucket, out _) && bucket is Rating.Excellent or Rating.Satisfactory)];
}

/// <param name="SurveyCooldownDays">A customer asked less than this many days ago is not asked again (0: every ticket).</param>
/// <param name="SendDelay">ISO 8601: how long after resolution the email waits, so a reopen cancels it; null when it leaves at once.</param>
/// <param name="InternalAddressesNotAsked">Whether the company's own addresses are counted and never asked.</param>
/// <param name="ReviewInvitation">Whether the thank-you page invites every respondent, whatever the rating, to review the company elsewhere.</param>
/// <param name="Incentives">Always false: nothing is offered for an answer.</param>
/// <param name="ReminderAfterDays">Days after the email a customer who has not answered gets one reminder with the same link (0: no reminder).</param>
/// <param name="ReopenAfterEmail"><c>keep</c>: a ticket reopened after its email is not asked again; <c>ask-again</c>: its next resolution emails the same survey again (the latest answer stands, counted once).</param>
public sealed record ReviewPolicyCollection(int SurveyCooldownDays, string? SendDelay, bool InternalAddressesNotAsked, bool ReviewInvitation, bool Incentives, int ReminderAfterDays, string ReopenAfterEmail);

/// <param name="SatisfiedAnswers">By scale name, the answers that count as satisfied.</param>
/// <param name="Last30Days">The last 30 days' figures as score.json publishes them; the satisfaction only when it is shown.</param>
public sealed record ReviewPolicyFigure(int MinimumRatedToShow, IReadOnlyDictionary<string, IReadOnlyList<string>> SatisfiedAnswers, ReviewPolicyWindow Last30Days);

public sealed record ReviewPolicyWindow(int Surveyed, int NotSurveyed, int Rated, decimal? ResponseRatePercent, decimal? SatisfactionPercent);
