using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Webhooks;

/// <summary>Registers the outgoing webhooks; the queue step itself is in <c>QueueStepList</c>.</summary>
public static class WebhookServices
{
    /// <summary>Call after the other answer hooks: an answer's event links to the follow-up that an earlier hook opened.</summary>
    public static IServiceCollection AddOutgoingWebhooks(this IServiceCollection services, WebhookOptions options)
    {
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<WebhookEvents>());
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<WebhookEvents>());
        services.AddSingleton<IFollowUpHook>(provider => provider.GetRequiredService<WebhookEvents>());
        services.AddSingleton<INotSurveyedHook>(provider => provider.GetRequiredService<WebhookEvents>());
        services.AddSingleton<WebhookLog>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<WebhookLog>());
        services.AddSingleton<WebhooksEndpoint>();

        // The URL may hold the receiver's token: kept out of the HTTP client's logs. A redirect is a
        // failure (Standard Webhooks: update the URL instead), and the timeout bounds each attempt.
        services.AddHttpClient(WebhookDelivery.Client, client => client.Timeout = options.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return services;
    }
}
