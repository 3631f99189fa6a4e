namespace CsatFunctions.Surveys;

/// <summary>How survey emails reach SendGrid (<c>SendGrid__*</c>).</summary>
public sealed record SendGridOptions
{
    public const string DefaultBaseUrl = "https://api.sendgrid.com";

    public required string ApiKey { get; init; }

    public string FromEmail { get; init; } = "surveys@example.com";

    public required string FromName { get; init; }

    /// <summary>Null when the self-host's Development mail sink stands in for SendGrid.</summary>
    public Uri? BaseUrl { get; init; } = new(DefaultBaseUrl);
}
