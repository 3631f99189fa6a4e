using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>Registers writing answers back to helpdesk tickets; the queue step itself is in <c>QueueStepList</c>.</summary>
public static class HelpdeskNoteServices
{
    /// <summary>Call among the answer hooks: it adds the one that queues each answer version's note.</summary>
    public static IServiceCollection AddHelpdeskNotes(this IServiceCollection services)
    {
        services.AddSingleton<HelpdeskNoteTable>();
        services.AddSingleton<IProvisioned>(provider => provider.GetRequiredService<HelpdeskNoteTable>());
        services.AddSingleton<HelpdeskPace>();
        services.AddSingleton<HelpdeskNoteText>();
        services.AddSingleton<HelpdeskNoteCalls>();
        services.AddSingleton<HelpdeskNoteHook>();
        services.AddSingleton<IAnswerHook>(provider => provider.GetRequiredService<HelpdeskNoteHook>());
        services.AddSingleton<RefusedNotesEndpoint>();
        services.AddSingleton<RefusedNotes>();
        return services;
    }
}
