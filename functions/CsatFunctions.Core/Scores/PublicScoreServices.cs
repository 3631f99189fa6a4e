using CsatFunctions.Scores.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Scores;

/// <summary>Registers what the public reads of the published score: the JSON, badge, widget, page and review policy, all served from <see cref="ScoreCache"/>.</summary>
public static class PublicScoreServices
{
    public static IServiceCollection AddPublicScore(this IServiceCollection services)
    {
        services.AddSingleton<ScoreEndpoint>();
        services.AddSingleton<ScoreBadgeEndpoint>();
        services.AddSingleton<ScoreWidgetEndpoint>();
        services.AddSingleton<ScorePageEndpoint>();
        services.AddSingleton<ReviewPolicyEndpoint>();
        return services;
    }
}
