using System.Text.Json;
using CsatFunctions.Web;

namespace CsatFunctions.Scores;

/// <summary>The score document as served: its exact JSON and a strong ETag derived from those bytes.</summary>
public sealed record PublishedScore(string Json, string ETag)
{
    public static PublishedScore From(ScoreDocument document)
    {
        var json = JsonSerializer.Serialize(document, CsatJson.Default.ScoreDocument);
        return new PublishedScore(json, PublicResource.TagOf(json));
    }

    public ScoreDocument Document => JsonSerializer.Deserialize(Json, CsatJson.Default.ScoreDocument)!;
}
