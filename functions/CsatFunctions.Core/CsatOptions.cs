using CsatFunctions.Surveys;
using CsatFunctions.Tickets;

namespace CsatFunctions;

/// <summary>The pipeline's own settings (<c>Csat__*</c>), already validated by <see cref="Settings.CsatSettings"/>.</summary>
public sealed record CsatOptions
{
    public const string DefaultScoreSchedule = "0 */5 * * * *";
    public const string DefaultCompanyName = "Example Hosting";
    public const string DefaultPublicBaseUrl = "http://localhost:7071";
    public const int DefaultWebhookRequestsPerMinute = 1200;
    public const int DefaultRatingPostsPerMinute = 30;
    public const int DefaultMinimumRatedToShow = 10;
    public static readonly TimeSpan DefaultSendWindow = TimeSpan.FromMinutes(2);

    /// <summary>How long one SendGrid call may take (the client's timeout); a send claim must outlast it.</summary>
    public static readonly TimeSpan SendGridCallLimit = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultSendRetryDelay = TimeSpan.FromSeconds(30);

    public string CompanyName { get; init; } = DefaultCompanyName;

    /// <summary>Base of every link in an email, without a trailing slash.</summary>
    public Uri PublicBaseUrl { get; init; } = new(DefaultPublicBaseUrl);

    /// <summary>Null until configured; until then every webhook is refused.</summary>
    public WebhookSecret? WebhookSecret { get; init; }

    public required LinkSigningKeys LinkSigningKeys { get; init; }

    /// <summary>Each configured helpdesk's settings by route name (<c>zendesk</c>); a helpdesk without them is refused.</summary>
    public IReadOnlyDictionary<string, Helpdesks.HelpdeskConfig> Helpdesks { get; init; } = new Dictionary<string, Helpdesks.HelpdeskConfig>();

    public const string DefaultScaleName = "three-level";

    /// <summary>The scale a survey asks on when its event does not say.</summary>
    public CsatFunctions.Surveys.Scale DefaultScale { get; init; } = CsatFunctions.Surveys.Scales.Stored(DefaultScaleName);

    /// <summary>A customer surveyed less than this long ago is not asked again (0: every ticket is surveyed).</summary>
    public TimeSpan SurveyCooldown { get; init; } = TimeSpan.Zero;

    /// <summary>The languages emails and pages are written in, with <c>Csat__DefaultLocale</c> and any <c>Csat__TextsDirectory</c> wording.</summary>
    public Languages.Languages Languages { get; init; } = CsatFunctions.Languages.Languages.Builtin;

    /// <summary><c>Csat__PublishedUrl</c>: where the published static files (and the ledger's verify page) are served; null when unknown.</summary>
    public Uri? PublishedUrl { get; init; }

    /// <summary>The verify page, for a receipt when given; null when <see cref="PublishedUrl"/> is not set.</summary>
    public string? VerifyPage(string? receipt = null) =>
        PublishedUrl is null ? null : PublishedUrl.AbsoluteUri.TrimEnd('/') + "/verify.html" + (receipt is null ? "" : "?receipt=" + receipt);

    /// <summary>
    /// <c>Csat__LedgerArchiveContainer</c>: a container with a time-based retention (WORM) policy where
    /// each finished UTC day of the ledger is written once, never to change; null writes no archive.
    /// </summary>
    public string? LedgerArchiveContainer { get; init; }

    /// <summary><c>Csat__LedgerKey</c>: keys the public ledger's opaque survey ids (default: derived from the link signing key).</summary>
    public byte[] LedgerKey { get; init; } = [];

    /// <summary><c>Csat__LedgerSigningKey</c>: the ECDSA P-256 private key (PKCS#8) that signs the ledger's checkpoint; null publishes it unsigned.</summary>
    public byte[]? LedgerSigningKey { get; init; }

    /// <summary>The transparency log: its origin, signing key and witnesses.</summary>
    public Ledger.Log.LogOptions Log { get; init; } = new();

    /// <summary>Surveys resolved more than this many days ago have the customer's data erased by the timer; 0 keeps it.</summary>
    public int RetentionDays { get; init; }

    /// <summary>Who hears at once about a rating at the bottom of the scale; null sends no alert email.</summary>
    public string? AlertEmail { get; init; }

    /// <summary>A chat webhook (Slack, Teams Workflows, Mattermost…) that gets a post about the same alerts; null posts none.</summary>
    public Uri? AlertWebhookUrl { get; init; }

    /// <summary>The chat the alert webhook posts to; null: by the webhook's host (<see cref="Alerts.ChatText.MarkupOf"/>).</summary>
    public Alerts.ChatMarkup? AlertWebhookFormat { get; init; }

    /// <summary>The outgoing webhooks' endpoints and schedule (<c>Csat__Webhooks__{name}__*</c>); none by default.</summary>
    public CsatFunctions.Webhooks.WebhookOptions Webhooks { get; init; } = CsatFunctions.Webhooks.WebhookOptions.None;

    /// <summary>A chat webhook that gets a kudos post for each answer at the top of the scale with a comment; null posts none.</summary>
    public Uri? KudosWebhookUrl { get; init; }

    /// <summary>The chat the kudos webhook posts to; null: by the webhook's host.</summary>
    public Alerts.ChatMarkup? KudosWebhookFormat { get; init; }

    /// <summary>The agents who get their own answers by email (<c>Csat__Agents__*</c>); none unless configured.</summary>
    public Agents.AgentReviewOptions Agents { get; init; } = new();

    /// <summary>The reasons the rating form offers with an answer at the bottom of the scale (<c>Csat__Reasons</c>).</summary>
    public Ratings.Reasons.ReasonOptions Reasons { get; init; } = new();
    /// <summary>The weekly team digest and the monthly client digests (<c>Csat__TimeZone</c>, <c>Csat__Digests__*</c>).</summary>
    public Digests.DigestOptions Digests { get; init; } = new();

    /// <summary>Internal addresses, the delay before a survey's email, and what a reopen means (<c>Csat__InternalDomains</c>, <c>Csat__SendDelay</c>, <c>Csat__ReopenAfterEmail</c>).</summary>
    public Surveys.SendRules.SendRules SendRules { get; init; } = new();

    /// <summary><c>Csat__ReviewInviteUrl</c>: where the thank-you page invites every respondent, whatever their rating, to review the company too; null invites nobody.</summary>
    public Uri? ReviewInviteUrl { get; init; }

    /// <summary>Null until configured; until then the admin routes answer 401.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Signs a person in at the desk read-only: reports, answers and follow-ups, no changes. Null: nobody signs in that way.</summary>
    public string? ViewerKey { get; init; }

    /// <summary>Where a ticket is in its helpdesk, by source (<c>zendesk</c>), with <c>{ticketId}</c>; the empty source is the fallback for every other.</summary>
    public IReadOnlyDictionary<string, string> TicketUrlTemplates { get; init; } = new Dictionary<string, string>();

    /// <summary>The ticket's page in its helpdesk, or null when no template covers its source or the ticket id was erased.</summary>
    public Uri? TicketUrl(string source, string ticketId) =>
        ticketId.Length > 0 && (TicketUrlTemplates.GetValueOrDefault(source) ?? TicketUrlTemplates.GetValueOrDefault("")) is { } template
            ? new Uri(template.Replace("{ticketId}", Uri.EscapeDataString(ticketId), StringComparison.Ordinal))
            : null;

    public string ScoreSchedule { get; init; } = DefaultScoreSchedule;

    /// <summary>
    /// How long a mailer's claim on a survey's send lasts. It must outlast a SendGrid call (30 s
    /// timeout), so a live send is never taken over; a send whose mailer died resumes after it.
    /// </summary>
    public TimeSpan SendWindow { get; init; } = DefaultSendWindow;

    /// <summary>
    /// How long a writer's claim on one answer's note to its helpdesk lasts (<c>Csat__NoteWindow</c>):
    /// each helpdesk call of the attempt ends before it does; a writer that died is taken over after it,
    /// by reading the ticket back first.
    /// </summary>
    public TimeSpan NoteWindow { get; init; } = DefaultSendWindow;

    /// <summary>
    /// The first back-off after SendGrid throttles or fails; it doubles per attempt. It is host.json's
    /// <c>extensions.queues.visibilityTimeout</c>, the delay the queue trigger itself retries after.
    /// </summary>
    public TimeSpan SendRetryDelay { get; init; } = DefaultSendRetryDelay;

    /// <summary>Webhook deliveries one client may make per minute (bursts up to this many); 0 turns the limit off.</summary>
    public int WebhookRequestsPerMinute { get; init; } = DefaultWebhookRequestsPerMinute;

    /// <summary>Rating POSTs one client may make per minute; 0 turns the limit off.</summary>
    public int RatingPostsPerMinute { get; init; } = DefaultRatingPostsPerMinute;

    /// <summary>The badge, widget and page show a window's percentage only from this many ratings on: "100%" from two ratings says nothing.</summary>
    public int MinimumRatedToShow { get; init; } = DefaultMinimumRatedToShow;

    public static readonly TimeSpan DefaultShareLinkLifetime = TimeSpan.FromDays(30);

    /// <summary>How long a client report's share link works unless the team says otherwise.</summary>
    public TimeSpan ShareLinkLifetime { get; init; } = DefaultShareLinkLifetime;

    public static readonly TimeSpan DefaultScoreCacheTime = TimeSpan.FromSeconds(10);

    /// <summary>The storage static website's container.</summary>
    public const string DefaultPublishContainer = "$web";

    /// <summary>Where each refresh writes the public files (score.json, comments.json, badges, widget.js, index.html); null writes none.</summary>
    public string? PublishContainer { get; init; } = DefaultPublishContainer;

    /// <summary>How often each process looks whether another has published a newer score (one small read); the process that publishes serves it at once.</summary>
    public TimeSpan ScoreCacheTime { get; init; } = DefaultScoreCacheTime;

    /// <summary>One reminder this long after the survey went out, to a customer who has not answered; zero sends none.</summary>
    public TimeSpan ReminderAfter { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The longest a queue message can stay hidden (Azure: seven days). A message due later is woken
    /// early and hidden again for what is left; tests shorten it to make a due date come from their clock.
    /// </summary>
    public TimeSpan LongestQueueDelay { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a rating link works, from when its email is due (<see cref="Survey.SendAfter"/>, else the
    /// arrival): long enough for a customer back from holiday; short enough that old links die.
    /// </summary>
    public TimeSpan LinkLifetime { get; init; } = TimeSpan.FromDays(60);

    public string Link(string path) => PublicBaseUrl.AbsoluteUri.TrimEnd('/') + path;
}
