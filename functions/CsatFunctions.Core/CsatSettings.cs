using System.Text.RegularExpressions;
using CsatFunctions.Settings;
using CsatFunctions.Agents;
using CsatFunctions.Alerts;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tickets;
using CsatFunctions.Helpdesks;
using Microsoft.Extensions.Configuration;
using NCrontab;

namespace CsatFunctions;

/// <summary>
/// Reads and validates every setting at start-up. Each problem becomes one line naming the key as
/// it is set in the environment (<c>Csat__PublicBaseUrl</c>), and never echoes a secret's value.
/// Defaults are stated once, on the options types.
/// </summary>
public sealed partial record CsatSettings(CsatOptions Csat, SendGridOptions SendGrid, StorageOptions Storage, QueueHostOptions Queues)
{
    /// <summary>Settings that work but deserve a look (a weak secret), logged once at start-up; never a value.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <param name="isDevelopment">Development allows short desk keys; every other environment is held to production's rules.</param>
    /// <exception cref="SettingsException">One or more settings are missing or malformed.</exception>
    public static CsatSettings Read(IConfiguration configuration, bool isDevelopment = false)
    {
        var settings = new SettingsReader(configuration);
        IReadOnlySet<string> samples = isDevelopment ? new HashSet<string>() : SampleSecrets.Refuse(settings);
        var storage = StorageSettings.Read(configuration, settings.Errors);
        var queues = QueueHostOptions.Read(settings);
        var prefix = settings.Text("Csat__StoragePrefix") ?? StorageOptions.DefaultPrefix;
        settings.Require(StoragePrefixPattern().IsMatch(prefix), "Csat__StoragePrefix must be 3 to 24 lowercase letters and digits, starting with a letter.");

        var company = settings.Text("Csat__CompanyName") ?? CsatOptions.DefaultCompanyName;
        settings.Require(company.Length <= 100 && !company.Any(char.IsControl), "Csat__CompanyName must be at most 100 characters with no line breaks.");
        var publicBaseUrl = settings.Url("Csat__PublicBaseUrl", CsatOptions.DefaultPublicBaseUrl, "Csat__PublicBaseUrl must be an absolute http or https URL with no query, such as https://csat.example.com.", plain: true);

        WebhookSecret? webhookSecret = null;
        if (settings.Text("Csat__WebhookSecret") is { } secretText)
        {
            settings.Require(WebhookSecret.TryParse(secretText, out webhookSecret), "Csat__WebhookSecret must be whsec_ followed by the base64 of 24 to 64 random bytes.");
        }

        var currentKey = settings.Key(settings.Text("Csat__LinkSigningKey"), "Csat__LinkSigningKey", LinkSigningKeys.MinimumKeyBytes);
        var previousKeys = (settings.Text("Csat__PreviousLinkSigningKeys") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(key => settings.Key(key, "Csat__PreviousLinkSigningKeys", LinkSigningKeys.MinimumKeyBytes))
            .ToList();

        // The ledger's ids must stay the same across link key rotations: set Csat__LedgerKey before the first rotation.
        var ledgerKey = settings.Text("Csat__LedgerKey") is { } ledgerText
            ? settings.Key(ledgerText, "Csat__LedgerKey", LinkSigningKeys.MinimumKeyBytes)
            : currentKey is null ? null : System.Security.Cryptography.HMACSHA256.HashData(currentKey, "csat-ledger-id"u8);
        byte[]? ledgerSigningKey = null;
        if (settings.Text("Csat__LedgerSigningKey") is { } signingText)
        {
            ledgerSigningKey = KeySettings.EcdsaP256PrivateKey(signingText);
            settings.Require(ledgerSigningKey is not null, "Csat__LedgerSigningKey must be the base64 of an ECDSA P-256 private key in PKCS#8 (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -outform DER | base64 -w0).");
        }

        var schedule = settings.Text("Csat__ScoreSchedule") ?? CsatOptions.DefaultScoreSchedule;
        settings.Require(
            CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null,
            "Csat__ScoreSchedule must be an NCRONTAB expression with 6 fields, seconds first, such as 0 */5 * * * *.");

        settings.Require(Scales.TryParse(settings.Text("Csat__Scale") ?? CsatOptions.DefaultScaleName, out var scale), $"Csat__Scale must be {Scales.Names}.");

        var alertEmail = settings.Email("Csat__AlertEmail", null, "Csat__AlertEmail must be a single email address such as support-lead@example.com.");
        var fromEmail = settings.Email("SendGrid__FromEmail", SendGridOptions.DefaultFromEmail, "SendGrid__FromEmail must be a single email address such as surveys@example.com.");
        var fromName = settings.Text("SendGrid__FromName") ?? company;
        settings.Require(!fromName.Any(char.IsControl), "SendGrid__FromName must be on one line.");

        string PerMinute(string key) => $"{key} must be a whole number of requests per minute from 0 (no limit) to 1000000.";
        var helpdesks = HelpdeskSettings.Configs(settings);
        var publishedUrl = settings.Url("Csat__PublishedUrl", null, "Csat__PublishedUrl must be an absolute http or https URL with no query: where the score's static files are served, such as https://account.z6.web.core.windows.net/.", plain: true);
        var alertWebhookUrl = settings.Url("Csat__AlertWebhookUrl", null, "Csat__AlertWebhookUrl must be an absolute http or https URL (a chat incoming webhook).");
        var alertWebhookFormat = ChatText.Setting(settings, "Csat__AlertWebhookFormat");
        var kudosWebhookUrl = settings.Url("Csat__KudosWebhookUrl", null, "Csat__KudosWebhookUrl must be an absolute http or https URL (a chat incoming webhook; the alert's own URL posts kudos to the same channel).");
        var kudosWebhookFormat = ChatText.Setting(settings, "Csat__KudosWebhookFormat");
        var timeZone = Digests.DigestSettings.TimeZone(settings);
        var agents = AgentSettings.Read(settings, configuration, timeZone);
        var digests = Digests.DigestSettings.Read(settings, timeZone);
        var cooldownDays = settings.Int("Csat__SurveyCooldownDays", 0, 0, 365, "Csat__SurveyCooldownDays must be a whole number of days from 0 (survey every ticket) to 365.");
        var defaultLocale = settings.Text("Csat__DefaultLocale") ?? Languages.Languages.DefaultCode;
        settings.Require(Languages.Languages.Shipped.ContainsKey(defaultLocale), $"Csat__DefaultLocale must be one of the languages surveys are written in: {string.Join(", ", Languages.Languages.Shipped.Keys)}.");
        var textsDirectory = settings.Text("Csat__TextsDirectory");
        settings.Require(textsDirectory is null || Directory.Exists(textsDirectory), "Csat__TextsDirectory must be a directory that exists (holding en.json, de.json… with the texts to change).");
        var languages = Languages.Languages.Load(
            textsDirectory is not null && Directory.Exists(textsDirectory) ? textsDirectory : null,
            Languages.Languages.Shipped.ContainsKey(defaultLocale) ? defaultLocale : Languages.Languages.DefaultCode,
            settings.Require);
        var reasons = Ratings.Reasons.ReasonSettings.Read(settings, languages);
        var retentionDays = settings.Int("Csat__RetentionDays", 0, 0, 36_500, "Csat__RetentionDays must be a whole number of days from 0 (keep) to 36500.");
        var sendWindow = settings.Time("Csat__SendWindow", CsatOptions.DefaultSendWindow, TimeSpan.FromSeconds(35), TimeSpan.FromHours(1), "Csat__SendWindow must be a time span from 35 seconds (longer than a SendGrid call) to one hour, such as 00:02:00.");
        var noteWindow = settings.Time("Csat__NoteWindow", CsatOptions.DefaultSendWindow, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), "Csat__NoteWindow must be a time span from 5 seconds to one hour, such as 00:02:00 (each helpdesk call of a note ends within it).");
        var webhookLimit = settings.Int("Csat__WebhookRequestsPerMinute", CsatOptions.DefaultWebhookRequestsPerMinute, 0, 1_000_000, PerMinute("Csat__WebhookRequestsPerMinute"));
        var ratingLimit = settings.Int("Csat__RatingPostsPerMinute", CsatOptions.DefaultRatingPostsPerMinute, 0, 1_000_000, PerMinute("Csat__RatingPostsPerMinute"));
        var minimumRated = settings.Int("Csat__MinimumRatedToShow", CsatOptions.DefaultMinimumRatedToShow, 1, 1_000_000, "Csat__MinimumRatedToShow must be a whole number of ratings from 1 to 1000000.");
        var sendGridBaseUrl = settings.Url("SendGrid__BaseUrl", null, "SendGrid__BaseUrl must be an absolute http or https URL, such as https://api.eu.sendgrid.com.");
        var (adminKey, viewerKey) = Desk.DeskKeySettings.Read(settings, isDevelopment, samples);
        var shareLinkLifetime = Clients.ClientReportSettings.Read(settings);
        var ticketUrlTemplates = HelpdeskSettings.TicketUrls(settings, configuration);
        var webhooks = Webhooks.WebhookSettings.Read(settings, configuration, isDevelopment);
        var scoreCacheSeconds = settings.Int("Csat__ScoreCacheSeconds", (int)CsatOptions.DefaultScoreCacheTime.TotalSeconds, 1, 3600, "Csat__ScoreCacheSeconds must be a whole number of seconds from 1 to 3600.");
        var archiveContainer = settings.Text("Csat__LedgerArchiveContainer");
        settings.Require(
            archiveContainer is null || PublishContainerPattern().IsMatch(archiveContainer),
            "Csat__LedgerArchiveContainer must be a container name of 3 to 63 lowercase letters, digits and single hyphens (one with a time-based retention policy).");
        var publishContainer = settings.Text("Csat__PublishContainer") ?? CsatOptions.DefaultPublishContainer;
        settings.Require(
            publishContainer is "$web" or "off" || PublishContainerPattern().IsMatch(publishContainer),
            "Csat__PublishContainer must be $web (the storage static website), off, or a container name of 3 to 63 lowercase letters, digits and single hyphens.");
        var sendRules = Surveys.SendRules.SendRuleSettings.Read(settings, retentionDays);
        var log = Ledger.Log.LogSettings.Read(settings, publishedUrl, publicBaseUrl, ledgerKey);
        var reviewInviteUrl = settings.Url("Csat__ReviewInviteUrl", null, "Csat__ReviewInviteUrl must be an absolute http or https URL with no user name or password (every respondent sees it): the company's page on a review site, such as https://www.trustpilot.com/review/example.com.", shown: true);
        var reminderDays = settings.Int("Csat__ReminderAfterDays", 0, 0, 6, "Csat__ReminderAfterDays must be a whole number of days from 1 to 6, or 0 for no reminder.");
        EventWebhookKey? eventWebhookKey = null;
        if (settings.Text("SendGrid__EventWebhookPublicKey") is { } eventKeyText)
        {
            settings.Require(
                EventWebhookKey.TryParse(eventKeyText, out eventWebhookKey),
                "SendGrid__EventWebhookPublicKey must be the verification key SendGrid shows for the signed Event Webhook: the base64 of a P-256 public key (SubjectPublicKeyInfo, starting MFkw).");
        }

        if (settings.Errors.Count > 0)
        {
            throw new SettingsException(settings.Errors);
        }

        var csat = new CsatOptions
        {
            CompanyName = company,
            PublicBaseUrl = publicBaseUrl!,
            PublishedUrl = publishedUrl,
            WebhookSecret = webhookSecret,
            LinkSigningKeys = new LinkSigningKeys(currentKey!, previousKeys.OfType<byte[]>().ToList()),
            LedgerKey = ledgerKey!,
            LedgerSigningKey = ledgerSigningKey,
            Log = log,
            AdminKey = adminKey,
            ViewerKey = viewerKey,
            ShareLinkLifetime = shareLinkLifetime,
            TicketUrlTemplates = ticketUrlTemplates,
            Helpdesks = helpdesks,
            AlertEmail = alertEmail,
            AlertWebhookUrl = alertWebhookUrl,
            AlertWebhookFormat = alertWebhookFormat,
            Webhooks = webhooks,
            KudosWebhookUrl = kudosWebhookUrl,
            KudosWebhookFormat = kudosWebhookFormat,
            Agents = agents,
            Digests = digests,
            SurveyCooldown = TimeSpan.FromDays(cooldownDays),
            SendRules = sendRules,
            ReviewInviteUrl = reviewInviteUrl,
            RetentionDays = retentionDays,
            Languages = languages,
            Reasons = reasons,
            DefaultScale = scale!,
            ScoreSchedule = schedule,
            SendWindow = sendWindow,
            NoteWindow = noteWindow,

            // The queue trigger's own retry delay; left out of host.json, the Functions default of
            // zero would retry SendGrid at once, so the back-off starts from its own default instead.
            SendRetryDelay = settings.Text(QueueHostOptions.Section + "visibilityTimeout") is null ? CsatOptions.DefaultSendRetryDelay : queues.VisibilityTimeout,
            WebhookRequestsPerMinute = webhookLimit,
            RatingPostsPerMinute = ratingLimit,
            MinimumRatedToShow = minimumRated,
            ReminderAfter = TimeSpan.FromDays(reminderDays),
            ScoreCacheTime = TimeSpan.FromSeconds(scoreCacheSeconds),
            PublishContainer = publishContainer == "off" ? null : publishContainer,
            LedgerArchiveContainer = archiveContainer,
        };
        var sendGrid = new SendGridOptions
        {
            ApiKey = settings.Text("SendGrid__ApiKey"),
            FromEmail = fromEmail!,
            FromName = fromName,
            BaseUrl = sendGridBaseUrl ?? new Uri(SendGridOptions.DefaultBaseUrl),
            EventWebhookKey = eventWebhookKey,
        };
        var pipelineStorage = storage with { Prefix = prefix, MessageEncoding = queues.MessageEncoding };
        return new CsatSettings(csat, sendGrid, pipelineStorage, queues) { Warnings = settings.Warnings };
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex PublishContainerPattern();

    [GeneratedRegex("^[a-z][a-z0-9]{2,23}$")]
    private static partial Regex StoragePrefixPattern();
}
