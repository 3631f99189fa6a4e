using CsatFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ratings;

/// <summary>
/// <c>GET /api/ratings/{token}?rating=…</c>: the page behind a one-click link. It only reads: email
/// security scanners fetch every link, and a fetch is not a rating. The customer confirms with a POST.
/// </summary>
public sealed class RatingLinkPage(RatingLink links, SurveyTable surveys, RatingPages pages, TimeProvider time, ILogger<RatingLinkPage> logger)
{
    public async Task<IResult> ShowAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        var check = links.Check(token, time.GetUtcNow());
        if (check.Status != LinkStatus.Valid)
        {
            return pages.BadLink(check.Status);
        }

        StoredSurvey? stored;
        try
        {
            stored = await surveys.GetAsync(check.SurveyId!, cancellationToken);
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while showing a rating page.");
            return pages.StorageUnavailable();
        }

        if (stored is null)
        {
            return pages.BadLink(LinkStatus.Tampered);
        }

        var survey = stored.Survey;
        var asked = request.Query["rating"].ToString();
        var chosen = survey.Scale.TryRead(asked, out _, out _) ? asked
            : survey.Rating is { } previous ? ScaleNames.Wire(previous, survey.Score)
            : null;
        return pages.Form(survey, token, chosen, survey.Comment, error: null);
    }
}
