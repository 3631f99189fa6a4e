using System.Net.Mail;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using CsatFunctions.Ratings;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tickets;
using Microsoft.Extensions.Configuration;
using NCrontab;

namespace CsatFunctions.Settings;

/// <summary>
/// Reads and validates every setting at start-up. Each problem becomes one line naming the key as
/// it is set in the environment (<c>Csat__PublicBaseUrl</c>), and never echoes a secret's value.
/// </summary>
public sealed partial record CsatSettings(CsatOptions Csat, SendGridOptions SendGrid, StorageOptions Storage)
{
    /// <summary>Settings that work but deserve a look (a weak secret), logged once at start-up; never a value.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <exception cref="SettingsException">One or more settings are missing or malformed.</exception>
    public static CsatSettings Read(IConfiguration configuration, bool isDevelopment)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        string? Value(string key) => configuration[key.Replace("__", ":", StringComparison.Ordinal)] is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        var storage = StorageSettings.Read(configuration, errors);
        var prefix = Value("Csat__StoragePrefix") ?? StorageOptions.DefaultPrefix;
        if (!StoragePrefixPattern().IsMatch(prefix))
        {
            errors.Add("Csat__StoragePrefix must be 3 to 24 lowercase letters and digits, starting with a letter.");
        }

        var encoding = Value("AzureFunctionsJobHost__extensions__queues__messageEncoding") ?? "base64";
        var messageEncoding = encoding.ToLowerInvariant() switch
        {
            "base64" => QueueMessageEncoding.Base64,
            "none" => QueueMessageEncoding.None,
            _ => (QueueMessageEncoding?)null,
        };
        if (messageEncoding is null)
        {
            errors.Add("extensions.queues.messageEncoding in host.json must be base64 or none.");
        }

        var company = Value("Csat__CompanyName") ?? "Example Hosting";
        if (company.Length > 100 || company.Any(char.IsControl))
        {
            errors.Add("Csat__CompanyName must be at most 100 characters with no line breaks.");
        }

        var baseUrlText = Value("Csat__PublicBaseUrl") ?? "http://localhost:7071";
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var publicBaseUrl)
            || publicBaseUrl.Scheme is not ("http" or "https") || publicBaseUrl.Query.Length > 0 || publicBaseUrl.Fragment.Length > 0)
        {
            errors.Add("Csat__PublicBaseUrl must be an absolute http or https URL with no query, such as https://csat.example.com.");
        }

        WebhookSecret? webhookSecret = null;
        if (Value("Csat__WebhookSecret") is { } secretText && !WebhookSecret.TryParse(secretText, out webhookSecret))
        {
            errors.Add("Csat__WebhookSecret must be whsec_ followed by the base64 of 24 to 64 random bytes.");
        }

        var currentKey = Key(Value("Csat__LinkSigningKey"), "Csat__LinkSigningKey", errors);
        var previousKeys = (Value("Csat__PreviousLinkSigningKeys") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Key(k, "Csat__PreviousLinkSigningKeys", errors))
            .ToList();

        var helpdeskSecrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var helpdesk in CsatFunctions.Tickets.Helpdesks.HelpdeskFormats.All)
        {
            if (Value(helpdesk.SecretSetting) is not { } secret)
            {
                continue;
            }

            var longest = helpdesk.MaximumSecretLength is { } maximum ? $" and at most {maximum}" : "";
            if (secret.Length < helpdesk.MinimumSecretLength || secret.Length > (helpdesk.MaximumSecretLength ?? int.MaxValue) || secret.Any(char.IsControl))
            {
                errors.Add($"{helpdesk.SecretSetting} must be at least {helpdesk.MinimumSecretLength}{longest} characters on one line (a long random string).");
                continue;
            }

            if (secret.Length < Tickets.Helpdesks.HelpdeskFormat.StrongSecretLength)
            {
                warnings.Add($"{helpdesk.SecretSetting} is shorter than {Tickets.Helpdesks.HelpdeskFormat.StrongSecretLength} characters, which is easy to guess: set a longer random one{longest} in the helpdesk and here.");
            }

            helpdeskSecrets[helpdesk.Name] = secret;
        }

        var alertEmail = Value("Csat__AlertEmail");
        if (alertEmail is not null && (!MailAddress.TryCreate(alertEmail, out var alertAddress) || alertAddress.Address != alertEmail))
        {
            errors.Add("Csat__AlertEmail must be a single email address such as support-lead@example.com.");
        }

        Uri? alertWebhook = null;
        if (Value("Csat__AlertWebhookUrl") is { } alertWebhookText
            && (!Uri.TryCreate(alertWebhookText, UriKind.Absolute, out alertWebhook) || alertWebhook.Scheme is not ("http" or "https")))
        {
            errors.Add("Csat__AlertWebhookUrl must be an absolute http or https URL (a chat incoming webhook).");
        }

        var schedule = Value("Csat__ScoreSchedule") ?? CsatOptions.DefaultScoreSchedule;
        if (CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
        {
            errors.Add("Csat__ScoreSchedule must be an NCRONTAB expression with 6 fields, seconds first, such as 0 */5 * * * *.");
        }

        var sendWindow = TimeSpan.FromMinutes(2);
        if (Value("Csat__SendWindow") is { } windowText
            && (!TimeSpan.TryParse(windowText, System.Globalization.CultureInfo.InvariantCulture, out sendWindow) || sendWindow < TimeSpan.FromSeconds(1) || sendWindow > TimeSpan.FromHours(1)))
        {
            errors.Add("Csat__SendWindow must be a time span from one second to one hour, such as 00:02:00.");
        }

        var retryDelay = TimeSpan.FromSeconds(30);
        if (Value("AzureFunctionsJobHost__extensions__queues__visibilityTimeout") is { } retryText
            && (!TimeSpan.TryParse(retryText, System.Globalization.CultureInfo.InvariantCulture, out retryDelay) || retryDelay < TimeSpan.Zero))
        {
            errors.Add("extensions.queues.visibilityTimeout in host.json must be a time span such as 00:00:30.");
        }

        int PerMinute(string key, int fallback)
        {
            var text = Value(key);
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 1_000_000)
            {
                return value;
            }

            errors.Add($"{key} must be a whole number of requests per minute from 0 (no limit) to 1000000.");
            return fallback;
        }

        if (!Scales.TryParse(Value("Csat__Scale") ?? CsatOptions.DefaultScaleName, out var scale))
        {
            errors.Add($"Csat__Scale must be {Scales.Names}.");
        }

        var cooldownDays = 0;
        if (Value("Csat__SurveyCooldownDays") is { } cooldownText
            && (!int.TryParse(cooldownText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cooldownDays) || cooldownDays > 365))
        {
            errors.Add("Csat__SurveyCooldownDays must be a whole number of days from 0 (survey every ticket) to 365.");
        }

        var webhookLimit = PerMinute("Csat__WebhookRequestsPerMinute", 1200);
        var ratingLimit = PerMinute("Csat__RatingPostsPerMinute", 30);

        var apiKey = Value("SendGrid__ApiKey");
        var sendGridBase = Value("SendGrid__BaseUrl");
        Uri? sendGridBaseUrl = new(SendGridOptions.DefaultBaseUrl);
        if (sendGridBase is not null
            && (!Uri.TryCreate(sendGridBase, UriKind.Absolute, out sendGridBaseUrl) || sendGridBaseUrl.Scheme is not ("http" or "https")))
        {
            errors.Add("SendGrid__BaseUrl must be an absolute http or https URL, such as https://api.eu.sendgrid.com.");
        }

        if (apiKey is null && sendGridBase is null)
        {
            if (isDevelopment)
            {
                sendGridBaseUrl = null;
            }
            else
            {
                errors.Add("SendGrid__ApiKey is required outside Development (in Development the self-host's dev mail sink is used).");
            }
        }
        else if (apiKey is null && !isDevelopment)
        {
            errors.Add("SendGrid__ApiKey is required outside Development.");
        }

        var fromEmail = Value("SendGrid__FromEmail") ?? "surveys@example.com";
        if (!MailAddress.TryCreate(fromEmail, out var from) || from.Address != fromEmail)
        {
            errors.Add("SendGrid__FromEmail must be a single email address such as surveys@example.com.");
        }

        var fromName = Value("SendGrid__FromName") ?? company;
        if (fromName.Any(char.IsControl))
        {
            errors.Add("SendGrid__FromName must be on one line.");
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        var csat = new CsatOptions
        {
            CompanyName = company,
            PublicBaseUrl = publicBaseUrl!,
            WebhookSecret = webhookSecret,
            LinkSigningKeys = new LinkSigningKeys(currentKey!, previousKeys!),
            AdminKey = Value("Csat__AdminKey"),
            HelpdeskSecrets = helpdeskSecrets,
            AlertEmail = alertEmail,
            SurveyCooldown = TimeSpan.FromDays(cooldownDays),
            DefaultScale = scale!,
            AlertWebhookUrl = alertWebhook,
            ScoreSchedule = schedule,
            SendWindow = sendWindow,
            SendRetryDelay = retryDelay,
            WebhookRequestsPerMinute = webhookLimit,
            RatingPostsPerMinute = ratingLimit,
        };
        var sendGrid = new SendGridOptions
        {
            // The dev sink and local stubs ignore the key, but SendGrid's client insists on one.
            ApiKey = apiKey ?? "development-placeholder",
            FromEmail = fromEmail,
            FromName = fromName,
            BaseUrl = sendGridBaseUrl,
        };
        return new CsatSettings(csat, sendGrid, storage with { Prefix = prefix, MessageEncoding = messageEncoding!.Value }) { Warnings = warnings };
    }

    private static byte[]? Key(string? base64, string name, List<string> errors)
    {
        if (base64 is null)
        {
            errors.Add($"{name} is required: the base64 of at least {LinkSigningKeys.MinimumKeyBytes} random bytes (openssl rand -base64 32).");
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length >= LinkSigningKeys.MinimumKeyBytes)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        errors.Add($"{name} must be the base64 of at least {LinkSigningKeys.MinimumKeyBytes} random bytes (openssl rand -base64 32).");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9]{2,23}$")]
    private static partial Regex StoragePrefixPattern();
}
