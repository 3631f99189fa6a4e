using System.Net.Http.Headers;
using CsatFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Web;

/// <summary>
/// Storage failing during any route answers 503 with Retry-After, never a 500, as does a row that
/// kept changing under a route's conditional writes (<see cref="ConcurrentChangeException"/>), in the form its
/// audience reads: problem+json for programs and websites (readable across origins), a friendly
/// page for people. Storage refusing a value as invalid (400) answers 400 without Retry-After: a
/// retry would be refused the same way. Each host attaches this once, around every route.
/// </summary>
public sealed class StorageOutageAnswer(CsatOptions options, ILogger<StorageOutageAnswer> logger)
{
    /// <returns>The answer to give, or null when the failure is not a storage outage (let it surface).</returns>
    public IResult? For(CsatRoute route, HttpContext context, Exception exception)
    {
        if (StorageFailure.IsInvalidValue(exception))
        {
            // A value reached storage that the route should have refused itself: worth a look, not a page.
            logger.LogWarning(exception, "Storage refused a value during {Route}; answered 400.", route.Name);
            return route.Audience == Audience.People && !WantsJson(context.Request)
                ? HtmlPage.Render(StatusCodes.Status400BadRequest, "That could not be saved", options.CompanyName, Html.Of($"<p>Something in this request cannot be stored as given. Nothing was changed.</p>"))
                : Problems.StorageRefusedValue();
        }

        if (exception is ConcurrentChangeException && !context.RequestAborted.IsCancellationRequested)
        {
            // Others kept writing the same row: nothing is wrong, and the caller's retry is taken in.
            logger.LogWarning(exception, "A row kept changing during {Route}; answered 503 with Retry-After.", route.Name);
        }
        else if (StorageFailure.IsOutage(exception, context.RequestAborted))
        {
            // The route's name, not its path: a rating link's path is a credential.
            logger.LogWarning(exception, "Storage failed during {Route}; answered 503 with Retry-After.", route.Name);
        }
        else
        {
            return null;
        }

        return route.Audience switch
        {
            Audience.People when !WantsJson(context.Request) => new HeaderResult(
                HtmlPage.Render(
                    StatusCodes.Status503ServiceUnavailable,
                    options.Languages.Default.Text("unavailable.title"),
                    options.CompanyName,
                    Html.Of($"<p>{options.Languages.Default.Text("unavailable.text")}</p>"),
                    lang: options.Languages.Default.Code),
                RetryAfter),
            Audience.Websites => new HeaderResult(Problem(exception), ("Access-Control-Allow-Origin", "*")),
            _ => Problem(exception),
        };
    }

    /// <summary>An API client's request, such as the rating form posted by a script with <c>Accept: application/json</c>.</summary>
    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(value => value is not null && value.Split(',').Any(part =>
            MediaTypeHeaderValue.TryParse(part.Trim(), out var media) && media.MediaType is "application/json"));

    private static IResult Problem(Exception exception) => exception is ConcurrentChangeException ? Problems.KeptChanging() : Problems.StorageUnavailable();

    private static (string, string) RetryAfter => ("Retry-After", Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
