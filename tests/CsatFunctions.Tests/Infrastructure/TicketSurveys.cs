using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>Finds a ticket's survey as intake does: survey ids are random, and the ticket's entry names it.</summary>
public static class TicketSurveys
{
    public static async Task<string> SurveyIdOfAsync(this IServiceProvider services, string ticketId, string source = "generic") =>
        (await services.GetRequiredService<SurveysByTicket>().FindAsync(SurveysByTicket.KeyOf(source, ticketId), CancellationToken.None))?.SurveyId
        ?? throw new InvalidOperationException($"The {source} ticket {ticketId} has no survey.");
}
