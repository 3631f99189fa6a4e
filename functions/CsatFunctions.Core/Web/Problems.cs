using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>The API's refusals, all <c>application/problem+json</c> with a detail a person can act on.</summary>
public static class Problems
{
    /// <summary>Long enough for storage to come back from a blip; helpdesks retry on their own schedule anyway.</summary>
    public const int RetryAfterSeconds = 10;

    public static IResult Unauthorized(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);

    public static IResult TooLarge(int limitBytes) =>
        Results.Problem($"The body is larger than {limitBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult Invalid(IDictionary<string, string[]> errors, string detail) =>
        Results.ValidationProblem(errors, detail);

    /// <summary>Not retried: the same value is refused every time, so the caller must change it.</summary>
    public static IResult StorageRefusedValue() =>
        Results.Problem(
            "Storage cannot keep a value in this request as given (a name or id with characters such as # / ? or control characters, or a value too large). Nothing was changed; correct the request rather than retrying it.",
            statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A delivery whose authenticity cannot be checked now (its signing key did not come in time): nothing was accepted, and the sender retries.</summary>
    public static IResult CheckUnavailable(string detail) =>
        new HeaderResult(
            Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable),
            ("Retry-After", RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Others kept writing what the request changes (<c>Storage/ConcurrentChangeException</c>): a retry a moment later is taken in.</summary>
    public static IResult KeptChanging() =>
        new HeaderResult(
            Results.Problem(
                "What this request changes kept changing under it (other writes at the same moment); retry it after the time in Retry-After.",
                statusCode: StatusCodes.Status503ServiceUnavailable),
            ("Retry-After", RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static IResult StorageUnavailable() =>
        new HeaderResult(
            Results.Problem(
                "Storage is unavailable, so nothing was accepted. Retry later.",
                statusCode: StatusCodes.Status503ServiceUnavailable),
            ("Retry-After", RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
