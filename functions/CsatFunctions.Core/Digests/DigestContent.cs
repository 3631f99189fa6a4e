using CsatFunctions.Desk;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;

namespace CsatFunctions.Digests;

/// <summary>What the weekly digest tells the team about one local week, read from the same stores as the desk.</summary>
/// <param name="At">When it was put together: the follow-ups' ages are counted to then.</param>
/// <param name="Report">The desk's report of the week's days (and the week before), so its numbers are the desk's.</param>
/// <param name="OpenFollowUps">Every follow-up not yet resolved, oldest first, whatever week its answer came in.</param>
/// <param name="Bottom">The week's answers at the bottom of the scale with a comment, newest first, at most <see cref="TeamDigests.MostComments"/>.</param>
/// <param name="Best">The week's top answers with a comment, newest first, as many.</param>
public sealed record TeamDigest(
    DateTimeOffset At,
    DateOnly First,
    DateOnly Last,
    DeskReport Report,
    IReadOnlyList<FollowUp> OpenFollowUps,
    IReadOnlyList<Desk.AnswerItem> Bottom,
    int BottomCount,
    IReadOnlyList<Desk.AnswerItem> Best,
    int BestCount);

/// <summary>What one client's account manager reads about the client's month.</summary>
/// <param name="Figures">The company's line of the desk's <c>byCompany</c> for the month; <paramref name="Previous"/> for the month before.</param>
public sealed record ClientDigest(
    string Company,
    DateOnly First,
    DateOnly Last,
    ScoreWindow Figures,
    ScoreWindow Previous,
    int BottomComments,
    int OpenFollowUps,
    Uri ReportUrl,
    DateTimeOffset ReportExpiresAt);
