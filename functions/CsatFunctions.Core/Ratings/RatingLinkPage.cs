using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Ratings;

/// <summary>
/// <c>GET /api/ratings/{token}?rating=…</c>: the page behind a one-click link. It only reads: email
/// security scanners fetch every link, and a fetch is not a rating. The customer confirms with a POST.
/// </summary>
public sealed class RatingLinkPage(SurveyLinks links, RatingPages pages)
{
    public async Task<IResult> ShowAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        var linked = await links.ResolveAsync(token, cancellationToken);
        if (linked is not { Status: LinkStatus.Valid, Stored.Survey: var survey })
        {
            return pages.BadLink(linked.Status == LinkStatus.Valid ? LinkStatus.Tampered : linked.Status, linked.Stored?.Survey);
        }

        var asked = request.Query["rating"].ToString();
        var chosen = survey.Scale.TryRead(asked, out _, out _) ? asked
            : survey.Rating is { } previous ? Scale.Wire(previous, survey.Score)
            : null;
        return pages.Form(survey, token, chosen, survey.Comment, error: null, reasons: survey.Reasons);
    }
}
