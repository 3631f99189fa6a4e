using System.Net;
using CsatFunctions.Consent;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The references the intake load runs measure beside the route: intake's storage calls made
/// directly (one after another, or in intake's three stages), and one storage round trip.
/// </summary>
public sealed class IntakeStorageCalls
{
    private readonly string run;
    private readonly SurveyTable surveys;
    private readonly SurveysByTicket byTicket;
    private readonly SurveyDayIndex days;
    private readonly ScoreChangeLog changes;
    private readonly JsonQueue<SurveyMessage> queue;
    private readonly CustomerRegistry customers;
    private readonly Azure.Data.Tables.TableClient single;

    private IntakeStorageCalls(CsatStorage storage, string run)
    {
        this.run = run;
        surveys = new SurveyTable(storage);
        byTicket = new SurveysByTicket(storage, surveys);
        (days, changes, queue, customers) = (new SurveyDayIndex(storage), new ScoreChangeLog(storage), new JsonQueue<SurveyMessage>(storage, QueueStepList.Surveys), new CustomerRegistry(storage, new CsatOptions { LinkSigningKeys = new(new byte[32]) }));
        single = storage.Table("RoundTrips");
    }

    public static async Task<IntakeStorageCalls> CreateAsync(string connectionString, string prefix, string run)
    {
        var storage = new CsatStorage(IntakeLoadRun.Settings(connectionString, prefix).Storage);
        var calls = new IntakeStorageCalls(storage, run);
        foreach (IProvisioned resource in (IProvisioned[])[storage, calls.surveys, calls.byTicket, calls.days, calls.changes, calls.queue, calls.customers])
        {
            await resource.CreateIfNotExistsAsync(CancellationToken.None);
        }

        await calls.single.CreateIfNotExistsAsync();
        return calls;
    }

    /// <summary>A signed ticket through the route, which must answer 202.</summary>
    public static async Task SendTicketAsync(HttpClient http, string run, int i)
    {
        using var request = SignedTicket.Request($"msg_{run}_{i}", $$"""{"ticketId":"{{run}}-{{i}}","customer":{"email":"customer{{i}}@example.org","name":"Customer {{i}}"},"subject":"Load run","agent":"Bench","channel":"phone"}""");
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The calls one after another, as intake made them before it staged them.</summary>
    public async Task SequentialAsync(int i)
    {
        var survey = await SurveyAsync("raw", i);
        await customers.GetAsync(survey.CustomerEmail!, CancellationToken.None);
        await surveys.TryInsertAsync(survey, CancellationToken.None);
        await days.FileAsync(survey, CancellationToken.None);
        await changes.MarkAsync(survey.ResolvedDay, survey.Id, CancellationToken.None);
        await queue.EnqueueAsync(new SurveyMessage(survey.Id), null, CancellationToken.None);
    }

    /// <summary>
    /// The same calls in intake's three stages: the ticket's entry (its two reads at once, then its
    /// insert) beside the consent read, then the survey's insert, then the three writes at once.
    /// </summary>
    public async Task StagedAsync(int i)
    {
        var consent = customers.GetAsync($"customer{i}@example.org", CancellationToken.None);
        var survey = await SurveyAsync("staged", i);
        await Task.WhenAll(consent, surveys.TryInsertAsync(survey, CancellationToken.None));
        await Task.WhenAll(
            days.FileAsync(survey, CancellationToken.None),
            changes.MarkAsync(survey.ResolvedDay, survey.Id, CancellationToken.None),
            queue.EnqueueAsync(new SurveyMessage(survey.Id), null, CancellationToken.None));
    }

    /// <summary>One storage round trip, as intake's writes are: a point upsert into a table of its own.</summary>
    public Task RoundTripAsync(int i) =>
        single.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(SurveysByTicket.KeyOf("trip", $"{run}-{i}")[..1], $"{run}-{i}") { ["At"] = DateTimeOffset.UtcNow });

    private async Task<Survey> SurveyAsync(string source, int i)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = await byTicket.ClaimAsync(source, $"{run}-{i}", CancellationToken.None);
        return new Survey(entry.SurveyId!, source, $"{run}-{i}", $"customer{i}@example.org", $"Customer {i}", "Load run", "Bench", "phone", now, now);
    }
}
