using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CsatFunctions.Scores;

/// <summary>The score document as served: its exact JSON and a strong ETag derived from those bytes.</summary>
public sealed record PublishedScore(string Json, string ETag)
{
    public static PublishedScore From(ScoreDocument document)
    {
        var json = JsonSerializer.Serialize(document, CsatJson.Default.ScoreDocument);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return new PublishedScore(json, $"\"{Convert.ToBase64String(hash, 0, 18).Replace('+', '-').Replace('/', '_')}\"");
    }
}
