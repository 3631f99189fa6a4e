using System.Text.Json;
using CsatFunctions.Web;

namespace CsatFunctions.Scores;

/// <summary>
/// The score document as served: its exact JSON and a strong ETag derived from those bytes, with the
/// published comments published beside it.
/// </summary>
public sealed record PublishedScore(string Json, string ETag)
{
    /// <summary>The comments document (<see cref="Ratings.Comments.CommentsDocument"/>) as served; empty in rows stored before comments existed.</summary>
    public string CommentsJson { get; init; } = "";

    /// <summary>Changes when either document does: what a process compares to know it holds the latest.</summary>
    public string Version => PublicResource.TagOf(ETag + CommentsJson);

    public static PublishedScore From(ScoreDocument document)
    {
        var json = JsonSerializer.Serialize(document, CsatJson.Default.ScoreDocument);
        return new PublishedScore(json, PublicResource.TagOf(json));
    }

    public ScoreDocument Document => JsonSerializer.Deserialize(Json, CsatJson.Default.ScoreDocument)!;
}
