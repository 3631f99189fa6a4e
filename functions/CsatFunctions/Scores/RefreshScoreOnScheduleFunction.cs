using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class RefreshScoreOnScheduleFunction(ScheduledTick tick)
{
    // The host resolves %name% against its configuration, where the app setting Csat__ScoreSchedule
    // is the key Csat:ScoreSchedule; "%Csat__ScoreSchedule%" would not be found. The host reads it from
    // app settings only, never from this worker's configuration (where CsatSettings has its default), and
    // a binding expression has no default: without the app setting the host leaves this function in error
    // ("'%Csat:ScoreSchedule%' does not resolve to a value") while the rest of the app runs. So
    // infra/main.bicep always sets it (parameter scoreSchedule, default 0 */5 * * * *),
    // local.settings.sample.json carries it, and Program.cs refuses to start without it.
    [Function("RefreshScoreOnSchedule")]
    public Task Run([TimerTrigger("%Csat:ScoreSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        tick.RunAsync(cancellationToken);
}
