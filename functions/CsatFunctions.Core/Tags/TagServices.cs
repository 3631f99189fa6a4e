using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tags;

/// <summary>Registers the team's tags on answers: the route, the change, the tags used before, and their move with a survey resolved again on another day.</summary>
public static class TagServices
{
    public static IServiceCollection AddAnswerTags(this IServiceCollection services)
    {
        services.AddSingleton<TagsUsed>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<TagsUsed>());
        services.AddSingleton<AnswerTagging>();
        services.AddSingleton<TagsEndpoint>();
        services.AddSingleton<IMovesWithSurvey, MovedTags>();
        return services;
    }
}
