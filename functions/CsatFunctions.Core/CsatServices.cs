using CsatFunctions.Admin;
using CsatFunctions.Agents;
using CsatFunctions.Alerts;
using CsatFunctions.Campaigns;
using CsatFunctions.Consent;
using CsatFunctions.Clients;
using CsatFunctions.Desk;
using CsatFunctions.Digests;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Ledger;
using CsatFunctions.Ledger.Log;
using CsatFunctions.PersonalData;
using CsatFunctions.Ratings;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tags;
using CsatFunctions.Telemetry;
using CsatFunctions.Tickets;
using CsatFunctions.Web;
using CsatFunctions.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendGrid;

namespace CsatFunctions;

/// <summary>Registers the whole pipeline; both hosts call this and then only wire triggers to it.</summary>
public static class CsatServices
{
    public static IServiceCollection AddCsatPipeline(this IServiceCollection services, CsatSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<CsatMetrics>();
        services.AddSingleton<QueueLengths>();
        services.AddSingleton<IObservedInstruments>(provider => provider.GetRequiredService<QueueLengths>());
        services.AddSingleton(settings);
        services.AddHostedService<SettingsWarnings>();
        // A test host may have registered its own first, to shorten LongestQueueDelay.
        services.TryAddSingleton(settings.Csat);
        services.AddSingleton(settings.SendGrid);
        services.AddSingleton(settings.Storage);
        services.AddSingleton(settings.Csat.LinkSigningKeys);

        // Storage, and what each step keeps there; every one is created at start-up.
        services.AddStored<CsatStorage>();
        services.AddHostedService<StorageProvisioning>();
        services.AddStored<DeliveryLog>();
        services.AddStored<SurveyTable>();
        services.AddStored<SurveysByTicket>();
        services.AddStored<SurveyFailureLog>();
        services.AddStored<DeliveryEventBatches>();
        services.AddStored<CustomerRegistry>();
        services.AddStored<CustomerSurveys>();
        services.AddStored<RatingCounter>();
        services.AddSingleton<IUncountedAnswers>(provider => provider.GetRequiredService<RatingCounter>());
        services.AddStored<SurveyDayIndex>();
        services.AddStored<ScoreChangeLog>();
        services.AddStored<DailyTallyTable>();
        services.AddStored<PublishedScoreTable>();
        services.AddStored<FollowUpTable>();
        services.AddStored<CommentTable>();
        services.AddStored<CampaignTable>();
        services.AddStored<Clients.ShareLinks>();
        services.AddStored<CampaignCustomers>();
        services.AddStored<CampaignAnswers>();
        services.AddStored<LedgerEvents>();
        services.AddStored<LedgerChain>();
        services.AddStored<DeskSignOuts>();

        // Every queue, its poison queue and its handler (created at start-up with the stores above).
        services.AddQueueSteps();

        services.AddSingleton<ClientRateLimits>();
        services.AddSingleton<KeyGuessLimit>();
        services.AddSingleton<GenericWebhook>();
        services.AddSingleton<HelpdeskWebhook>();
        services.AddSingleton<HelpdeskClients>();
        services.AddSurveyIntake();
        services.AddSingleton<CountedSurveys>();
        services.AddSingleton<ICountsSurveys>(provider => provider.GetRequiredService<CountedSurveys>());
        services.AddSingleton<RatingAlerts>();
        services.AddSingleton<SurveyLinks>();
        services.AddSingleton<StorageOutageAnswer>();
        services.AddSingleton<SurveyEmail>();
        services.AddSingleton<ExactlyOnceSend>();
        services.AddSingleton<ConsentRecheck>();
        services.AddSingleton<SurveySend>();
        services.AddSingleton<ReminderSend>();
        services.AddSingleton<DeliveryEventsEndpoint>();
        services.AddSingleton<RatingLink>();
        services.AddSingleton<RatingPages>();
        services.AddSingleton<RatingLinkPage>();
        services.AddSingleton<RatingRecorder>();
        services.AddSingleton<RatingAlertEmail>();
        services.AddSingleton<ChatPoster>();
        services.AddSingleton<UnsubscribeEndpoint>();
        services.AddSingleton<SuppressionEndpoint>();
        services.AddSingleton<SurveyErasure>();

        // What follows every recorded answer, in this order: counted first, then the team's follow-up,
        // the published comment, a campaign's report, the webhooks' events, the note on the helpdesk's ticket and the agent's own email.
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<CountedSurveys>());
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<FollowUpTable>());
        services.AddSingleton<MovedFollowUp>();
        services.AddSingleton<IMovesWithSurvey>(provider => provider.GetRequiredService<MovedFollowUp>());
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<CommentTable>());
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<CampaignAnswers>());
        services.AddOutgoingWebhooks(settings.Csat.Webhooks);
        services.AddHelpdeskNotes();
        services.AddAgentReviews();
        services.AddAnswerTags();
        services.AddDigests();

        // Every store that keeps a copy of a survey's personal data; erasure erases each one listed here.
        services.AddSingleton<SurveyCopies>();
        services.AddSingleton<IHoldsSurveyPersonalData>(provider => provider.GetRequiredService<SurveyDayIndex>());
        services.AddSingleton<IHoldsSurveyPersonalData>(provider => provider.GetRequiredService<CommentTable>());
        services.AddSingleton<IHoldsSurveyPersonalData>(provider => provider.GetRequiredService<FollowUpTable>());
        services.AddSingleton<IHoldsSurveyPersonalData>(provider => provider.GetRequiredService<CampaignAnswers>());
        services.AddSingleton<IHoldsSurveyPersonalData>(provider => provider.GetRequiredService<SurveyFailureLog>());
        services.AddSingleton<CustomerHoldings>();
        services.AddSingleton<CustomerExport>();
        services.AddSingleton<CustomerErasure>();
        services.AddSingleton<CustomerDataEndpoint>();
        services.AddSingleton<CampaignImport>();
        services.AddSingleton<CustomerAsk>();
        services.AddSingleton<CampaignDrip>();
        services.AddSingleton<CampaignReports>();
        services.AddSingleton<LedgerArchive>();
        services.AddSingleton<LedgerPublisher>();
        services.AddTransparencyLog();
        services.AddSingleton<CampaignsEndpoint>();
        services.AddStored<RetentionBookmarks>();
        services.AddSingleton<CampaignRetentionSweep>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<ChangedDaysRecount>();
        services.AddSingleton<PublishedScoreBuilder>();
        services.AddSingleton<ScorePublication>();
        services.AddSingleton<ScoreAggregator>();
        services.AddSingleton<ScheduledTick>();
        services.AddSingleton<ScoreCache>();
        services.AddSingleton<StaticScoreFiles>();
        services.AddPublicScore();
        services.AddSingleton<AdminKey>();
        services.AddSingleton<ScoreRefreshEndpoint>();
        services.AddSingleton<FailedSurveysEndpoint>();
        services.AddSingleton<PoisonReplayEndpoint>();
        services.AddSingleton<NotSurveyedTicketsEndpoint>();
        services.AddSingleton<DeskSessions>();
        services.AddSingleton<DeskSignInPage>();
        services.AddSingleton<DeskAccess>();
        services.AddSingleton<SessionEndpoint>();
        services.AddSingleton<DeskReports>();
        services.AddSingleton<ReportsEndpoint>();
        services.AddSingleton<AnswerFeed>();
        services.AddSingleton<RatingsEndpoint>();
        services.AddSingleton<RatingsCsvEndpoint>();
        services.AddSingleton<FollowUpsEndpoint>();
        services.AddSingleton<DeskReading>();
        services.AddSingleton<DeskPage>();
        services.AddClientReports();
        services.AddSingleton<ScoreCommentsEndpoint>();
        services.AddSingleton<CommentModerationEndpoint>();

        // A chat webhook's URL is itself the credential: keep it out of the HTTP client's logs.
        services.AddHttpClient(ChatPoster.ChatClient, client => client.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        // Never redirected: a helpdesk's configured site is the only host its calls may reach.
        services.AddHttpClient(HelpdeskClients.Name, client => client.Timeout = HelpdeskClients.CallLimit)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();

        // A host may have registered a stand-in for SendGrid first (the self-host's Development mail sink).
        services.TryAddSingleton<ISendGridClient>(_ => CreateSendGridClient(settings.SendGrid, settings.SendGrid.BaseUrl));

        return services;
    }

    /// <summary>The real SendGrid client; <paramref name="baseUrl"/> is SendGrid's API, an EU host, or a local stand-in.</summary>
    public static ISendGridClient CreateSendGridClient(SendGridOptions options, Uri baseUrl) =>
        new SendGridClient(
            new HttpClient { Timeout = CsatOptions.SendGridCallLimit },
            // SendGrid's client insists on a key; a local stand-in ignores it.
            new SendGridClientOptions { ApiKey = options.ApiKey ?? "not-set", Host = baseUrl.AbsoluteUri.TrimEnd('/') });

    /// <summary>A step's storage class, also listed for provisioning at start-up.</summary>
    private static void AddStored<T>(this IServiceCollection services) where T : class, IProvisioned
    {
        services.AddSingleton<T>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<T>());
    }
}
