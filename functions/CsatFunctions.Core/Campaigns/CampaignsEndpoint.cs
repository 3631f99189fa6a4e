using System.Text;
using System.Text.Json;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Campaigns;

/// <summary>
/// The support team's campaign routes: <c>PUT</c> and <c>GET /api/admin/campaigns/{name}</c> (define,
/// report), <c>PUT …/customers</c> (import, CSV or JSON; <c>?remove=missing</c> also removes everyone
/// the import does not list) and <c>POST …/run</c> (one drip now, as the timer would).
/// </summary>
public sealed class CampaignsEndpoint(CampaignTable campaigns, CampaignCustomers customers, CampaignReports reports, CampaignImport import, CampaignDrip drip, TimeProvider time)
{
    /// <summary>50,000 customers with long names fit several times over.</summary>
    public const int MaxImportBytes = 32 * 1024 * 1024;

    public Task<IResult> HandleAsync(string name, HttpRequest request, CancellationToken cancellationToken) =>
        Named(name, () => HttpMethods.IsPut(request.Method) ? DefineAsync(name, request, cancellationToken) : ShowAsync(name, cancellationToken));

    public Task<IResult> ImportAsync(string name, HttpRequest request, CancellationToken cancellationToken) =>
        Named(name, () => ImportCustomersAsync(name, request, cancellationToken));

    public Task<IResult> RunAsync(string name, CancellationToken cancellationToken) =>
        Named(name, async () => await campaigns.GetAsync(name, cancellationToken) is { } campaign
            ? Results.Json(new CampaignRunAnswer(name, await drip.RunAsync(campaign, cancellationToken)), CsatJson.Default.CampaignRunAnswer)
            : NotFound());

    /// <summary>
    /// Every campaign route's one check of the name in its path, before anything is read or written:
    /// the name becomes a table key, and storage refuses keys with <c>/</c>, <c>#</c>, <c>?</c>, <c>\</c>
    /// or control characters with an error that would otherwise read as an outage.
    /// </summary>
    private static Task<IResult> Named(string name, Func<Task<IResult>> handle) =>
        Campaign.IsName(name)
            ? handle()
            : Task.FromResult(Problems.Invalid(new Dictionary<string, string[]> { ["name"] = [Campaign.NameRule] }, "Nothing was read or changed."));

    private async Task<IResult> ShowAsync(string name, CancellationToken cancellationToken) =>
        await campaigns.GetAsync(name, cancellationToken) is { } campaign ? await ReportAsync(campaign, cancellationToken) : NotFound();

    private async Task<IResult> DefineAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, 64 * 1024, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(64 * 1024);
        }

        CampaignDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize(body, CsatJson.Default.CampaignDefinition);
        }
        catch (JsonException)
        {
            definition = null;
        }

        if (definition is null)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Send a JSON object such as {\"everyDays\": 90, \"perDay\": 200, \"sendDays\": \"Mon-Fri\", \"sendHours\": \"09-17\", \"timeZone\": \"Europe/London\"}."] }, "The campaign was not saved.");
        }

        var (defined, errors) = Campaign.From(name, definition, time.GetUtcNow());
        return defined is null
            ? Problems.Invalid(errors, "The campaign was not saved.")
            : await ReportAsync(await campaigns.SaveAsync(defined, cancellationToken), cancellationToken);
    }

    private async Task<IResult> ImportCustomersAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await campaigns.GetAsync(name, cancellationToken) is null)
        {
            return NotFound();
        }

        if (request.ContentLength > MaxImportBytes)
        {
            return Problems.TooLarge(MaxImportBytes);
        }

        var isJson = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var removeOthers = request.Query["remove"] == "missing";
        ImportAnswer? answer;
        try
        {
            answer = await import.ImportAsync(name, new CappedStream(request.Body, MaxImportBytes), isJson, removeOthers, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Must be UTF-8 text."] }, "The import stopped at text that is not UTF-8; the lines before it were imported.");
        }
        catch (CappedStream.TooLongException)
        {
            return Problems.TooLarge(MaxImportBytes);
        }

        if (answer is not null)
        {
            // Counted once here, so a report or the desk never reads every customer.
            await campaigns.CustomersChangedAsync(name, await customers.CountAsync(name, cancellationToken), cancellationToken);
        }

        return answer is null
            ? Problems.Invalid(
                new Dictionary<string, string[]> { ["body"] = [isJson ? "Must be a JSON array of {\"email\", \"name\", \"locale\"}." : "Must be CSV whose header row names an email column (and optionally name and locale)."] },
                "Nothing was imported.")
            : Results.Json(answer, CsatJson.Default.ImportAnswer);
    }

    private async Task<IResult> ReportAsync(Campaign campaign, CancellationToken cancellationToken) =>
        Results.Json(await reports.BuildAsync(campaign, cancellationToken), CsatJson.Default.CampaignReport);

    private static IResult NotFound() =>
        Results.Problem("There is no campaign by that name; define it first with PUT /api/admin/campaigns/{name}.", statusCode: StatusCodes.Status404NotFound);
}
