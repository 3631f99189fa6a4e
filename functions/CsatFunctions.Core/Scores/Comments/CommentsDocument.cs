using System.Globalization;
using System.Text.Json.Serialization;

namespace CsatFunctions.Scores.Comments;

/// <summary>One published comment, or the placeholder of one the team removed (only its reason and month).</summary>
public sealed record PublicComment(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Author,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Removed,
    string Month);

/// <summary>
/// <c>GET /api/score/comments</c>, schema version 1: the newest consented comments (at most 50), every
/// one whatever its rating, removed ones as placeholders; plus, added, how many of the consented
/// comments still stored are marked removed, by reason, so visitors can see that nothing was hidden for
/// its rating. Not a running total: a comment erased with its customer's data (on request or after the
/// retention period), or withdrawn when the customer answers again with no comment to publish, leaves
/// the count, and a new comment from the same survey clears the reason it replaces.
/// </summary>
public sealed record CommentsDocument(int SchemaVersion, string Company, IReadOnlyList<PublicComment> Comments)
{
    public const int MaxComments = 50;

    public IReadOnlyDictionary<string, int> RemovedByReason { get; init; } = new Dictionary<string, int>();

    public static CommentsDocument From(string company, IReadOnlyList<ConsentedComment> newestFirst) =>
        new(1, company, [.. newestFirst.Take(MaxComments).Select(Public)])
        {
            RemovedByReason = CommentTable.RemovalReasons.ToDictionary(reason => reason, reason => newestFirst.Count(c => c.RemovedBecause == reason)),
        };

    private static PublicComment Public(ConsentedComment comment)
    {
        var month = comment.RatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return comment.RemovedBecause is { } reason
            ? new PublicComment(null, null, null, reason, month)
            : new PublicComment(comment.Rating, comment.Comment, comment.Author, null, month);
    }
}
