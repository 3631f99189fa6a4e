using CsatFunctions.Surveys.Delivery;

namespace CsatFunctions.Surveys;

/// <summary>How survey emails reach SendGrid (<c>SendGrid__*</c>).</summary>
public sealed record SendGridOptions
{
    public const string DefaultBaseUrl = "https://api.sendgrid.com";
    public const string DefaultFromEmail = "surveys@example.com";

    /// <summary>Null when the host stands something else in for SendGrid (the self-host's Development mail sink).</summary>
    public string? ApiKey { get; init; }

    public string FromEmail { get; init; } = DefaultFromEmail;

    public required string FromName { get; init; }

    public Uri BaseUrl { get; init; } = new(DefaultBaseUrl);

    /// <summary>Verifies the signed Event Webhook; null until configured, and until then its route answers 401.</summary>
    public EventWebhookKey? EventWebhookKey { get; init; }
}
