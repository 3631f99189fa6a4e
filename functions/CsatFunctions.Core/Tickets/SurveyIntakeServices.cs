using CsatFunctions.Consent;
using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tickets;

/// <summary>Registers what takes a resolved (or reopened) ticket in: the intake, the filing it finishes with, and what a reopen does (also to a send SendGrid turned away, and to the customer's cooldown).</summary>
public static class SurveyIntakeServices
{
    public static IServiceCollection AddSurveyIntake(this IServiceCollection services) =>
        services
            .AddSingleton<SurveyFiling>()
            .AddSingleton<SurveyReopening>()
            .AddSingleton<ReopenedBeforeSend>()
            .AddSingleton<CustomerCooldownRelease>()
            .AddSingleton<SurveyIntake>();
}
