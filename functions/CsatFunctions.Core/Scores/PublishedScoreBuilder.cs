using System.Text.Json;
using CsatFunctions.Scores.Comments;

namespace CsatFunctions.Scores;

/// <summary>The public document: the stored per-day counts added up into every window, with the consented comments.</summary>
public sealed class PublishedScoreBuilder(CsatOptions options, DailyTallyTable tallies, CommentTable comments, TimeProvider time)
{
    public async Task<PublishedScore> BuildAsync(CancellationToken cancellationToken)
    {
        var document = ScoreCalculator.Calculate(options.CompanyName, await tallies.ReadAllAsync(cancellationToken), time.GetUtcNow());
        var consented = CommentsDocument.From(options.CompanyName, await comments.ReadAllAsync(cancellationToken));
        return PublishedScore.From(document with { MinimumRatedToShow = options.MinimumRatedToShow }) with
        {
            CommentsJson = JsonSerializer.Serialize(consented, CsatJson.Default.CommentsDocument),
        };
    }
}
