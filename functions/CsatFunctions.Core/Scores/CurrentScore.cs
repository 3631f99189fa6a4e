using CsatFunctions.Storage;

namespace CsatFunctions.Scores;

/// <summary>The score as last published, or, before the first aggregation, the same shape with zeros.</summary>
public sealed class CurrentScore(PublishedScoreTable published, CsatOptions options, TimeProvider time)
{
    public async Task<PublishedScore> GetAsync(CancellationToken cancellationToken) =>
        await published.GetAsync(cancellationToken)
        ?? PublishedScore.From(ScoreCalculator.Calculate(options.CompanyName, [], time.GetUtcNow()) with { MinimumRatedToShow = options.MinimumRatedToShow });
}
