using CsatFunctions.Ratings;
using CsatFunctions.Scores;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tickets;
using CsatFunctions.Web;
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
        services.AddSingleton(settings);
        services.AddHostedService<SettingsWarnings>();
        services.AddSingleton(settings.Csat);
        services.AddSingleton(settings.SendGrid);
        services.AddSingleton(settings.Storage);
        services.AddSingleton(settings.Csat.LinkSigningKeys);

        services.AddSingleton<CsatStorage>();
        services.AddSingleton<SurveyTable>();
        services.AddSingleton<SurveyDayIndex>();
        services.AddSingleton<ScoreChangeLog>();
        services.AddSingleton<DailyTallyTable>();
        services.AddSingleton<PublishedScoreTable>();
        services.AddSingleton<SurveyQueue>();
        services.AddSingleton<SurveyFailureLog>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<AlertQueue>();
        services.AddSingleton<CustomerRegistry>();
        services.AddSingleton<UnsubscribeEndpoint>();
        services.AddSingleton<SuppressionEndpoint>();
        services.AddSingleton<RatingAlertEmail>();
        services.AddSingleton<RatingAlerter>();

        // A chat webhook's URL is itself the credential: keep it out of the HTTP client's logs.
        services.AddHttpClient(RatingAlerter.ChatClient, client => client.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddHostedService<StorageProvisioning>();

        services.AddSingleton<TicketIntake>();
        services.AddSingleton<NotSurveyedTicketsEndpoint>();
        services.AddSingleton<RatingLink>();
        services.AddSingleton<SurveyEmail>();
        services.AddSingleton<SurveyMailer>();
        services.AddSingleton<RatingPages>();
        services.AddSingleton<RatingLinkPage>();
        services.AddSingleton<RatingRecorder>();
        services.AddSingleton<RatingCounter>();
        services.AddSingleton<ScoreAggregator>();
        services.AddSingleton<CurrentScore>();
        services.AddSingleton<ScoreEndpoint>();
        services.AddSingleton<ScoreBadgeEndpoint>();
        services.AddSingleton<ScoreWidgetEndpoint>();
        services.AddSingleton<ScorePageEndpoint>();
        services.AddSingleton<ScoreRefreshEndpoint>();
        services.AddSingleton<AdminKey>();
        services.AddSingleton<ClientRateLimits>();
        services.AddSingleton<FailedSurveysEndpoint>();
        services.AddSingleton<PoisonReplayEndpoint>();

        if (settings.SendGrid.BaseUrl is { } baseUrl)
        {
            services.AddSingleton<ISendGridClient>(_ => CreateSendGridClient(settings.SendGrid, baseUrl));
        }

        return services;
    }

    /// <summary>The real SendGrid client; <paramref name="baseUrl"/> is SendGrid's API, an EU host, or a local stand-in.</summary>
    public static ISendGridClient CreateSendGridClient(SendGridOptions options, Uri baseUrl) =>
        new SendGridClient(
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
            new SendGridClientOptions { ApiKey = options.ApiKey, Host = baseUrl.AbsoluteUri.TrimEnd('/') });
}
