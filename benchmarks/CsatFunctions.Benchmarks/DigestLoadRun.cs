using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using CsatFunctions.Digests;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// The monthly client digests for many companies: the mapping imported through its route, then one
/// run of the digests that sends every company's email (its share link issued, its claim taken and
/// recorded), counting the storage calls it makes and the emails SendGrid (a stub) takes; beside, in
/// the same run, the same number of emails sent straight through the same SendGrid client one after
/// another, and one storage round trip. Then a tick that finds the month done.
/// </summary>
public static class DigestLoadRun
{
    private const string AdminKey = "benchmark-admin-key-0123456789abcdefghij";

    public static async Task RunAsync(string connectionString, int companies)
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        var settings = IntakeLoadRun.Settings(connectionString, "dig" + Guid.NewGuid().ToString("N")[..8], ("Csat:AdminKey", AdminKey), ("SendGrid:BaseUrl", sendGrid.BaseUrl.AbsoluteUri), ("Csat:Digests:Hour", "0"));
        await using var app = await RoutesOnlyHost.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var csv = new StringBuilder("company,accountManagerEmail\n");
        for (var i = 0; i < companies; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"Client {i}, Ltd\",manager{i % 20}@example-msp.test\n");
        }

        var watch = Stopwatch.StartNew();
        using (var imported = await http.PutAsync("/api/admin/account-managers", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
        {
            imported.EnsureSuccessStatusCode();
        }

        var importTime = watch.Elapsed;

        // The month before this one is due (hour 0): its cursor is set as a deployment's first tick a month ago would have.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await app.Services.GetRequiredService<DigestLog>().CursorAsync(DigestKind.Monthly, new DateOnly(today.Year, today.Month, 1).AddMonths(-1), CancellationToken.None);
        var run = app.Services.GetRequiredService<DigestRun>();
        var storageCalls = 0;
        // During a run the process calls only storage and SendGrid.
        var sendGridUrl = sendGrid.BaseUrl.GetLeftPart(UriPartial.Authority);
        bool IsStorage(string uri) => !uri.StartsWith(sendGridUrl, StringComparison.Ordinal);
        int sent;
        TimeSpan runTime;
        using (StorageCalls.Count(IsStorage, () => Interlocked.Increment(ref storageCalls)))
        {
            watch.Restart();
            sent = await run.RunAsync(CancellationToken.None);
            runTime = watch.Elapsed;
        }

        var emails = sendGrid.Received.Count;
        var doneCalls = 0;
        watch.Restart();
        using (StorageCalls.Count(IsStorage, () => Interlocked.Increment(ref doneCalls)))
        {
            await run.RunAsync(CancellationToken.None);
        }

        var doneTime = watch.Elapsed;

        // The reference: as many emails straight through the same SendGrid client, one after another.
        var client = app.Services.GetRequiredService<ISendGridClient>();
        watch.Restart();
        for (var i = 0; i < companies; i++)
        {
            (await client.SendEmailAsync(MailHelper.CreateSingleEmail(new EmailAddress("csat@example.test"), new EmailAddress($"manager{i % 20}@example-msp.test"), "Reference", "text", "<p>html</p>"))).Body?.Dispose();
        }

        var directTime = watch.Elapsed;
        var trip = await TableRoundTrip.MedianAsync(app.Services.GetRequiredService<CsatStorage>());
        Console.WriteLine();
        Console.WriteLine($"## The monthly client digests for {companies:N0} companies");
        Console.WriteLine();
        Console.WriteLine("| what | time | storage calls | emails |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| PUT /api/admin/account-managers, {companies:N0} CSV lines | {importTime.TotalMilliseconds:F0} ms | | |");
        Console.WriteLine($"| the month's run: every company's link, claim and email | {runTime.TotalSeconds:F2} s | {storageCalls:N0} ({storageCalls / (double)Math.Max(1, companies):F1} a company) | {emails:N0} (run says {sent:N0}) |");
        Console.WriteLine($"| the next tick, the month done | {doneTime.TotalMilliseconds:F1} ms | {doneCalls:N0} | 0 |");
        Console.WriteLine($"| reference: {companies:N0} emails straight through the same SendGrid client, one after another | {directTime.TotalSeconds:F2} s | 0 | {companies:N0} |");
        Console.WriteLine($"| reference: one storage round trip (a table upsert, median of 50) | {trip.TotalMilliseconds:F1} ms | 1 | |");
        await app.StopAsync();
    }
}
