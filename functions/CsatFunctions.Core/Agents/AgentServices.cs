using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Agents;

/// <summary>Registers each agent's own reviews; the queue step itself is in <c>QueueStepList</c>.</summary>
public static class AgentServices
{
    /// <summary>Call among the answer hooks: it adds the one that follows each answer to its agent.</summary>
    public static IServiceCollection AddAgentReviews(this IServiceCollection services)
    {
        services.AddSingleton<AgentReviewLog>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<AgentReviewLog>());
        services.AddSingleton<AgentReviewHook>();
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<AgentReviewHook>());
        services.AddSingleton<AgentReviewEmail>();
        services.AddSingleton<AgentEmailOnce>();
        services.AddSingleton<AgentDigests>();
        return services;
    }
}
