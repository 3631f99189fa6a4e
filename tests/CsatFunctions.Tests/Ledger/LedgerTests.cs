using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsatFunctions.Ledger;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Scores;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Ledger;

/// <summary>The public ledger of anonymous answers: a hash chain anyone can check and recompute the score from.</summary>
public sealed class LedgerTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private readonly string published = "site-" + Guid.NewGuid().ToString("N")[..12];

    private readonly string archive = "worm-" + Guid.NewGuid().ToString("N")[..12];

    protected override TimeProvider Clock { get; } = new MidMonthClock();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:PublishContainer"] = published;
        settings["Csat:LedgerSigningKey"] = Convert.ToBase64String(SigningKey.ExportPkcs8PrivateKey());
        settings["Csat:PublishedUrl"] = "https://files.example.test/";
        settings["Csat:LedgerArchiveContainer"] = archive;
    }

    [Fact]
    public async Task Thirty_days_of_tickets_answers_and_changes_of_mind_recompute_to_the_published_windows()
    {
        var clock = (MidMonthClock)Clock;
        var tickets = 0;
        ReceivedMail? earlier = null;
        for (var day = 0; day < 30; day++)
        {
            var mails = new List<ReceivedMail>();
            foreach (var (suffix, scale) in new[] { ("a", "three-level"), ("b", day % 3 == 0 ? "five-point" : day % 5 == 0 ? "nps" : "three-level") })
            {
                var ticket = JsonNode.Parse(PipelineHost.Ticket($"L-{day}-{suffix}", $"c{day}{suffix}@example.org", resolvedAt: Clock.GetUtcNow()))!;
                ticket["scale"] = scale;
                Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(ticket.ToJsonString())).StatusCode);
                mails.Add((await SendGrid.WaitForAsync(SendGrid.Received.Count + 1)).Last());
                tickets++;
            }

            if (day % 4 == 0)
            {
                // Counted, never asked: no email.
                Assert.True((await Host.SendTicketAsync(PipelineHost.Ticket($"L-{day}-phone", "", resolvedAt: Clock.GetUtcNow()))).IsSuccessStatusCode);
                tickets++;
            }

            await Answer(mails[0], day % 3 == 0 ? "unsatisfactory" : "excellent");
            if (day % 2 == 0)
            {
                await Answer(mails[1], SurveyMail.Text(mails[1], "text/plain").Contains("?rating=10", StringComparison.Ordinal) ? "9" : SurveyMail.Text(mails[1], "text/plain").Contains("?rating=5", StringComparison.Ordinal) ? "4" : "satisfactory");
            }

            // A customer from an earlier day changes their mind.
            if (earlier is not null && day % 7 == 6)
            {
                await Answer(earlier, "satisfactory");
            }

            earlier ??= mails[0];
            await Host.RefreshScoreAsync();
            clock.Advance(TimeSpan.FromDays(1));
        }

        var ledger = await DownloadAsync();
        var problems = LedgerVerifier.Check(ledger, out var entries);

        Assert.Empty(problems);
        Assert.Equal(tickets, entries.Count(e => e.Kind == LedgerEntry.Counted));
        var score = JsonSerializer.Deserialize(await Host.Http.GetStringAsync("/api/score"), CsatJson.Default.ScoreDocument)!;
        Assert.Empty(ScoreFromLedger.Compare(score.Windows, ScoreFromLedger.Recompute(entries, score.GeneratedAt)));
        Assert.True(score.Windows.AllTime.Rated > 20);

        // Each finished day was written once to the write-once archive, as published; today's waits for its end.
        var archived = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(archive);
        var names = new List<string>();
        await foreach (var blob in archived.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        var finished = ledger.Index.Days.Take(ledger.Index.Days.Count - 1).ToList();
        Assert.Equal(finished.Select(d => d.File).Concat(finished.Select(d => $"{d.Day}.checkpoint.json")).Order(StringComparer.Ordinal), names.Where(n => !n.StartsWith("checkpoints/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // Beside them, every checkpoint the transparency log published, one a refresh that appended something.
        Assert.Equal(30, names.Count(n => n.StartsWith("checkpoints/", StringComparison.Ordinal)));
        foreach (var day in finished)
        {
            Assert.Equal(ledger.DayFiles[day.File], (await archived.GetBlobClient(day.File).DownloadContentAsync()).Value.Content.ToString());
        }

        // The next day's refresh archives the day that has just ended and writes no earlier one again.
        var before = new Dictionary<string, Azure.ETag>();
        await foreach (var blob in archived.GetBlobsAsync())
        {
            before[blob.Name] = blob.Properties.ETag!.Value;
        }

        clock.Advance(TimeSpan.FromDays(1));
        await Host.RefreshScoreAsync();
        var after = new Dictionary<string, Azure.ETag>();
        await foreach (var blob in archived.GetBlobsAsync())
        {
            after[blob.Name] = blob.Properties.ETag!.Value;
        }

        Assert.All(before, blob => Assert.Equal(blob.Value, after[blob.Key]));
        Assert.Contains(ledger.Index.Days[^1].File, after.Keys);

        // No name, address, ticket id or comment: only days, opaque ids, kinds, buckets and numbers.
        var text = string.Concat(ledger.DayFiles.Values);
        Assert.DoesNotContain("@example.org", text);
        Assert.DoesNotContain("L-0-a", text);
        Assert.DoesNotContain(await Host.Services.SurveyIdOfAsync("L-0-a"), text);
    }

    [Fact]
    public async Task A_changed_dropped_or_reordered_entry_and_a_forged_checkpoint_are_each_named()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket($"T-{i}", $"t{i}@example.org"))).StatusCode);
        }

        var receipts = new List<string>();
        foreach (var mail in await SendGrid.WaitForAsync(3))
        {
            var thanks = await Answer(mail, "excellent");
            receipts.Add(System.Text.RegularExpressions.Regex.Match(thanks, "receipt ([0-9a-f]{32})").Groups[1].Value);
            Assert.Contains($"<a href=\"https://files.example.test/verify.html?receipt={receipts[^1]}\">Find it in the ledger</a>", thanks);
        }

        // A helpdesk's retry of a ticket already in the chain, SendGrid's news of its email (which files it,
        // and so records its counted event, again), and a refresh that finds nothing new append nothing twice.
        await Host.RefreshScoreAsync();
        Assert.Equal(HttpStatusCode.OK, (await Host.SendTicketAsync(PipelineHost.Ticket("T-1", "t1@example.org"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", await Host.Services.SurveyIdOfAsync("T-1"), "t1@example.org", Host.Clock.GetUtcNow())))).StatusCode);
        await Host.WaitForEventsAppliedAsync();
        await Host.RefreshScoreAsync();
        await Host.RefreshScoreAsync();
        var ledger = await DownloadAsync();
        Assert.Empty(LedgerVerifier.Check(ledger, out var entries));
        Assert.Equal((3, 3), (entries.Count(e => e.Kind == LedgerEntry.Counted), entries.Count(e => e.Kind == LedgerEntry.Answered)));

        // The receipt on each thank-you page finds that answer in the ledger.
        Assert.All(receipts, receipt => Assert.Contains(entries, e => e.Id == receipt && e is { Kind: LedgerEntry.Answered, Bucket: "excellent" }));
        var (day, file) = (ledger.Index.Days[0].Day, ledger.Index.Days[0].File);
        var lines = ledger.DayFiles[file].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        PublishedLedger With(IEnumerable<string> changed) => ledger with { DayFiles = new Dictionary<string, string> { [file] = string.Join('\n', changed) + "\n" } };

        var changedLine = lines[4].Replace("\"bucket\":\"excellent\"", "\"bucket\":\"unsatisfactory\"", StringComparison.Ordinal);
        Assert.NotEqual(lines[4], changedLine);
        Assert.Contains($"{day}: entry 5 was changed (its hash does not match its fields).", LedgerVerifier.Check(With(lines.Select((l, i) => i == 4 ? changedLine : l)), out _));
        Assert.Contains($"{day}: entry 4 stands where entry 3 should (an entry is missing or out of order).", LedgerVerifier.Check(With(lines.Where((_, i) => i != 2)), out _));
        Assert.Contains($"{day}: entry 3 stands where entry 2 should (an entry is missing or out of order).", LedgerVerifier.Check(With([lines[0], lines[2], lines[1], .. lines[3..]]), out _));

        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = ledger.Checkpoint with { Entries = ledger.Checkpoint.Entries - 1 };
        forged = forged with { Signature = Convert.ToBase64String(forger.SignData(System.Text.Encoding.UTF8.GetBytes(forged.SignedText), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)) };
        var problems = LedgerVerifier.Check(ledger with { Checkpoint = forged }, out _);
        Assert.Contains("checkpoint: its signature does not verify with the published public key.", problems);
    }

    [Fact]
    public async Task Erasing_a_customer_leaves_the_ledger_valid_and_the_figures_unchanged()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("E-1", "erin@example.org", "Erin Ek"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("E-2", "fred@example.org"))).StatusCode);
        var mails = await SendGrid.WaitForAsync(2);
        await Answer(mails[0], "unsatisfactory");
        await Answer(mails[1], "excellent");
        await Host.RefreshScoreAsync();
        var before = (await DownloadAsync()).Index;

        using var erase = new HttpRequestMessage(HttpMethod.Delete, "/api/admin/customers/erin@example.org");
        erase.Headers.Authorization = new("Bearer", PipelineHost.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.SendAsync(erase)).StatusCode);
        await Host.RefreshScoreAsync();

        var ledger = await DownloadAsync();
        Assert.Empty(LedgerVerifier.Check(ledger, out var entries));
        Assert.Equal(before.Head, ledger.Index.Head);
        var score = JsonSerializer.Deserialize(await Host.Http.GetStringAsync("/api/score"), CsatJson.Default.ScoreDocument)!;
        Assert.Empty(ScoreFromLedger.Compare(score.Windows, ScoreFromLedger.Recompute(entries, score.GeneratedAt)));
    }

    [Fact]
    public async Task The_command_line_verifier_passes_the_published_log_and_names_a_tampered_leaf_and_still_checks_the_old_chain()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("V-1", "vera@example.org"))).StatusCode);
        await Answer((await SendGrid.WaitForAsync(1))[0], "satisfactory");
        await Host.RefreshScoreAsync();
        var folder = Directory.CreateTempSubdirectory("csat-published-");
        var state = Path.Combine(Path.GetTempPath(), $"csat-seen-{Guid.NewGuid():N}.checkpoint");
        try
        {
            // The container as stored, as a download of the static website keeps it: the entry bundles gzip.
            var container = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(published);
            await foreach (var blob in container.GetBlobsAsync())
            {
                var path = Path.Combine(folder.FullName, blob.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray());
            }

            var (code, output) = await LogVerifierTests.VerifyAsync("--state", state, folder.FullName);
            Assert.True(code == 0, output);
            Assert.Contains("✓ The log holds: the checkpoint is signed, every entry gives its root, and every window matches the published score.", output);
            Assert.Contains("| allTime | 1 / ", output);

            // The answer's leaf changed in its bundle, written back plain (a folder may hold a bundle gzip or not).
            var size = LogCheckpoint.Parse(SignedNote.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "checkpoint")))!.Text)!.Size;
            var bundle = Path.Combine(folder.FullName, Tiles.EntriesPath(0, (int)size));
            var leaves = Tiles.Unbundle(GzipBytes.Unpack(await File.ReadAllBytesAsync(bundle)))!;
            var answered = leaves.FindIndex(leaf => System.Text.Encoding.UTF8.GetString(leaf).Contains("\"satisfactory\"", StringComparison.Ordinal));
            leaves[answered] = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(leaves[answered]).Replace("\"satisfactory\"", "\"excellent\"", StringComparison.Ordinal));
            await File.WriteAllBytesAsync(bundle, Tiles.Bundle(leaves));
            (code, output) = await LogVerifierTests.VerifyAsync("--state", state, folder.FullName);
            Assert.Equal(1, code);
            Assert.Contains($"leaf {answered} was changed", output);

            // A download of the old files alone (from before the log) is checked as the chain, as before.
            File.Delete(Path.Combine(folder.FullName, "checkpoint"));
            (code, output) = await LogVerifierTests.VerifyAsync(folder.FullName);
            Assert.True(code == 0, output);
            Assert.Contains("✓ The ledger holds and every window matches the published score.", output);
            var dayFile = Directory.GetFiles(Path.Combine(folder.FullName, "ledger"), "*.jsonl").Single();
            await File.WriteAllTextAsync(dayFile, (await File.ReadAllTextAsync(dayFile)).Replace("\"satisfactory\"", "\"excellent\"", StringComparison.Ordinal));
            (code, output) = await LogVerifierTests.VerifyAsync(folder.FullName);
            Assert.Equal(1, code);
            Assert.Contains("entry 2 was changed", output);
        }
        finally
        {
            folder.Delete(recursive: true);
            File.Delete(state);
        }
    }

    /// <returns>The thank-you page.</returns>
    private async Task<string> Answer(ReceivedMail mail, string rating)
    {
        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", rating)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<PublishedLedger> DownloadAsync()
    {
        var container = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(published);
        async Task<string?> Read(string name)
        {
            var blob = container.GetBlobClient(name);
            return await blob.ExistsAsync() ? (await blob.DownloadContentAsync()).Value.Content.ToString() : null;
        }

        return (await PublishedLedger.ReadAsync(Read))!;
    }
}
