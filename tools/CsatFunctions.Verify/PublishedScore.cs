using System.Text.Json;
using CsatFunctions.Scores;

namespace CsatFunctions.Verify;

/// <summary>The published score.json read strictly: malformed or wrong-shaped, it is named (exit 1), never a stack trace.</summary>
internal static class PublishedScore
{
    /// <exception cref="UnreadableFileException">It is not JSON, or not a score with every window.</exception>
    public static ScoreDocument Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CsatJson.Default.ScoreDocument) is { Windows: { Last7Days: not null, Last30Days: not null, Last90Days: not null, Last365Days: not null, AllTime: not null } } score
                ? score
                : throw new JsonException("it has no windows (last7Days … allTime).");
        }
        catch (JsonException ex)
        {
            throw new UnreadableFileException("score.json", $"not a published score: {ex.Message}", ex);
        }
    }
}
