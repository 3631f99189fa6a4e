using CsatFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tags;

/// <summary>Registers the team's tags on answers: the route, the change, and the tags used before.</summary>
public static class TagServices
{
    public static IServiceCollection AddAnswerTags(this IServiceCollection services)
    {
        services.AddSingleton<TagsUsed>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<TagsUsed>());
        services.AddSingleton<AnswerTagging>();
        services.AddSingleton<TagsEndpoint>();
        return services;
    }
}
