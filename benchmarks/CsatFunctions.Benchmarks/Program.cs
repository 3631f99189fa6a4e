using CsatFunctions.Benchmarks;
using CsatFunctions.Tests.Infrastructure;

// Usage: dotnet run -c Release --project benchmarks/CsatFunctions.Benchmarks -- [intake|helpdesks|notes|score|pipeline|events|webhooks|aggregator|desk|clients|campaigns|digests|ledger|startup|telemetry|all]
var which = args.FirstOrDefault() ?? "all";
await using var azurite = await AzuriteProcess.StartAsync();
Console.WriteLine($"# CsatFunctions load run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, Azurite in memory");
if (which is "intake" or "all")
{
    await IntakeLoadRun.RunAsync(azurite.ConnectionString, requests: 5000, concurrency: 16);
    await IntakeLoadRun.RunOverNetworkAsync(azurite.ConnectionString, azurite.Ports, TimeSpan.FromMilliseconds(2.5), requests: 300);
}

if (which is "helpdesks" or "all")
{
    await HelpdeskLoadRun.RunAsync(azurite.ConnectionString, perRoute: 300, burst: 1_000);
}

if (which is "notes" or "all")
{
    await NotesLoadRun.RunAsync(azurite.ConnectionString, answers: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
}

if (which is "score" or "all")
{
    await ScoreLoadRun.RunAsync(azurite.ConnectionString);
}

if (which is "pipeline" or "all")
{
    await PipelineLoadRun.RunAsync(azurite.ConnectionString, 1_000, 10_000);
}

if (which is "events" or "all")
{
    await DeliveryEventsLoadRun.RunAsync(azurite.ConnectionString, surveys: 5_000);
}

if (which is "webhooks" or "all")
{
    await WebhooksLoadRun.RunAsync(azurite.ConnectionString, events: 2_000);
}

if (which is "aggregator" or "all")
{
    foreach (var history in new[] { 10_000, 100_000 })
    {
        await AggregatorLoadRun.RunAsync(azurite.ConnectionString, history, newRatings: 1000, rounds: 3);
    }
}

if (which is "desk" or "all")
{
    await DeskLoadRun.RunAsync(azurite.ConnectionString, surveys: 100_000);
}

if (which is "clients" or "all")
{
    await ClientReportLoadRun.RunAsync(azurite.ConnectionString, surveys: 100_000, companies: 500);
}

if (which is "campaigns" or "all")
{
    foreach (var customers in new[] { 5_000, 50_000 })
    {
        await CampaignLoadRun.RunAsync(azurite.ConnectionString, customers);
    }
}

if (which is "digests" or "all")
{
    await DigestLoadRun.RunAsync(azurite.ConnectionString, companies: 500);
}

if (which is "ledger" or "all")
{
    await LedgerLoadRun.RunAsync(answers: 100_000);
}

if (which is "startup" or "all")
{
    await StartupLoadRun.RunAsync(azurite.ConnectionString, runs: 5);
}

if (which is "telemetry" or "all")
{
    await TelemetryLoadRun.RunAsync(requests: 3000, concurrency: 16);
}
