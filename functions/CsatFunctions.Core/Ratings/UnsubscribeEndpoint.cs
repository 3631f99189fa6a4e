using CsatFunctions.Consent;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ratings;

/// <summary>
/// <c>/api/unsubscribe/{token}</c>, the link in every survey email and its <c>List-Unsubscribe</c>
/// header. GET shows a page with one button and changes nothing (scanners fetch links); POST, from
/// that button or a mail client's RFC 8058 one-click, stops survey emails to that address. The token
/// is the rating link's, and an expired one still unsubscribes: stopping mail should never expire.
/// </summary>
public sealed class UnsubscribeEndpoint(
    SurveyLinks links,
    CustomerRegistry customers,
    RatingPages pages,
    CsatOptions options,
    TimeProvider time,
    ILogger<UnsubscribeEndpoint> logger)
{
    public Task<IResult> ShowAsync(string token, CancellationToken cancellationToken) =>
        WithSurveyAsync(token, cancellationToken, (survey, email) =>
        {
            var language = options.Languages.For(survey.Locale);
            return Task.FromResult(pages.Page(
                StatusCodes.Status200OK,
                language.Text("unsubscribe.title"),
                Html.Of($"<p>{language.Text("unsubscribe.text", ("company", options.CompanyName), ("email", email))}</p>" +
                    $"""<form method="post" action="{token}"><button type="submit">{language.Text("unsubscribe.button")}</button></form>"""),
                language));
        });

    public Task<IResult> UnsubscribeAsync(string token, CancellationToken cancellationToken) =>
        WithSurveyAsync(token, cancellationToken, async (survey, email) =>
        {
            await customers.SetUnsubscribedAsync(email, true, time.GetUtcNow(), cancellationToken);
            logger.LogInformation("A customer unsubscribed through survey {SurveyId}.", survey.Id);
            return pages.Notice(StatusCodes.Status200OK, "unsubscribed", survey, ("email", email));
        });

    private async Task<IResult> WithSurveyAsync(string token, CancellationToken cancellationToken, Func<Surveys.Survey, string, Task<IResult>> then)
    {
        // Expired links still work here; links exist only in emails sent, so their survey always has an address.
        return await links.ResolveAsync(token, cancellationToken) is { Stored.Survey: { CustomerEmail: { } email } survey }
            ? await then(survey, email)
            : pages.BadLink(LinkStatus.Tampered);
    }
}
