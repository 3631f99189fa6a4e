using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tickets;

/// <summary>Registers what takes a resolved (or reopened) ticket in: the intake, the filing it finishes with, and what a reopen does.</summary>
public static class SurveyIntakeServices
{
    public static IServiceCollection AddSurveyIntake(this IServiceCollection services) =>
        services
            .AddSingleton<SurveyFiling>()
            .AddSingleton<SurveyReopening>()
            .AddSingleton<SurveyIntake>();
}
