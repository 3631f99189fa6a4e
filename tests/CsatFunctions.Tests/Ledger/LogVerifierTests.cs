using System.Text;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Scores;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CsatFunctions.Tests.Ledger;

/// <summary>
/// The command-line verifier auditing the transparency log as an auditor would, over real HTTP from a
/// site serving the publisher's files: the signed checkpoint and its cosignatures, every entry against the
/// signed root, every window recomputed, and history checked against the last checkpoint it saw.
/// </summary>
public sealed class LogVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("csat-log-");

    private string published = "";

    private string State => Path.Combine(work.FullName, "state", "seen.checkpoint");

    [Fact]
    public async Task A_published_log_holds_and_a_changed_a_dropped_and_two_swapped_entries_are_each_named()
    {
        using var log = NoteSigner.Generate("csat.example.test/log");
        var (leaves, score) = Year(300);
        Publish("site", leaves, log, [], score);
        await using var site = await PublishedLogFolder.ServeAsync(() => published);
        var url = Url(site);

        var (code, output) = await VerifyAsync("--state", State, url);
        Assert.True(code == 0, output);
        Assert.Contains("csat.example.test/log: 600 entries in 3 bundle(s)", output);
        Assert.Contains("✓ The log holds: the checkpoint is signed, every entry gives its root, and every window matches the published score.", output);
        Assert.Contains("| allTime | 300 / ", output);

        var bundle = Path.Combine(published, Tiles.EntriesPath(1, 256));
        var original = await File.ReadAllBytesAsync(bundle);
        var entries = Tiles.Unbundle(GzipBytes.Unpack(original))!;
        async Task<string> Tampered(IEnumerable<byte[]> changed, string named)
        {
            await File.WriteAllBytesAsync(bundle, GzipBytes.Pack(Tiles.Bundle(changed)));
            var (tamperedCode, tamperedOutput) = await VerifyAsync("--state", State, url);
            Assert.True(tamperedCode == 1, tamperedOutput);
            Assert.Contains(named, tamperedOutput);
            await File.WriteAllBytesAsync(bundle, original);
            return tamperedOutput;
        }

        var answered = entries.FindIndex(entry => Encoding.UTF8.GetString(entry).Contains("\"answered\"", StringComparison.Ordinal) && Encoding.UTF8.GetString(entry).Contains("\"excellent\"", StringComparison.Ordinal));
        var changed = entries.Select((entry, i) => i == answered ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(entry).Replace("\"excellent\"", "\"unsatisfactory\"", StringComparison.Ordinal)) : entry);
        var output1 = await Tampered(changed, $"tile/entries/001: leaf {256 + answered} was changed (its bytes do not hash to the published hash), compared with the tiles, which give the signed root,");
        Assert.Contains("✗ root: the entries give ", output1);
        var dropped = await Tampered(entries.Where((_, i) => i != 7), "tile/entries/001: leaf 263 was dropped (leaf 264 stands in its place), compared with the tiles, which give the signed root, (the bundle holds 255 entries where the checkpoint needs 256)");
        Assert.DoesNotContain("not a leaf of the log", dropped);
        await Tampered([.. entries[..9], entries[10], entries[9], .. entries[11..]], "tile/entries/001: leaves 265 and 266 were swapped (reordered)");
        await Tampered([.. entries, entries[0]], "✗ tile/entries/001: 257 entries where the checkpoint has 256.");

        (code, output) = await VerifyAsync("--state", State, url);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task A_forged_checkpoint_signature_and_a_forged_cosignature_are_refused()
    {
        using var log = NoteSigner.Generate("csat.example.test/log");
        using var witness = NoteSigner.Generate("witness.example.org");
        using var forger = NoteSigner.Generate("csat.example.test/log");
        var (leaves, score) = Year(100);
        Publish("site", leaves, log, [witness], score);
        await using var site = await PublishedLogFolder.ServeAsync(() => published);
        var url = Url(site);
        var witnessKey = PublishedLogFolder.WitnessKey(witness);

        var (code, output) = await VerifyAsync("--state", State, "--key", log.VerifierKey, "--witness", witnessKey, url);
        Assert.True(code == 0, output);
        Assert.Contains($"· cosigned by witness.example.org at {DateTimeOffset.FromUnixTimeSeconds(1_796_000_000):yyyy-MM-dd HH:mm:ss} UTC.", output);

        // The same checkpoint text, its signature line made by another key under the log's name and key ID.
        var note = SignedNote.Parse(await File.ReadAllTextAsync(Path.Combine(published, "checkpoint")))!;
        var forgedLog = note with { Signatures = [forger.Sign(note.Text) with { KeyId = log.KeyId }, note.Signatures[1]] };
        await File.WriteAllTextAsync(Path.Combine(published, "checkpoint"), forgedLog.ToString());
        (code, output) = await VerifyAsync("--state", State, "--key", log.VerifierKey, url);
        Assert.Equal(1, code);
        Assert.Contains($"✗ checkpoint: its signature does not verify with the log's key {log.VerifierKey} (forged).", output);

        // A good signature does not excuse a forged one beside it under the log's name and key ID (signed-note).
        await File.WriteAllTextAsync(Path.Combine(published, "checkpoint"), (note with { Signatures = [note.Signatures[0], forgedLog.Signatures[0], note.Signatures[1]] }).ToString());
        (code, output) = await VerifyAsync("--state", State, "--key", log.VerifierKey, url);
        Assert.Equal(1, code);
        Assert.Contains($"✗ checkpoint: one of its signatures does not verify with the log's key {log.VerifierKey} (forged).", output);

        // A key pinned with --key is the one trusted, whatever log.json says.
        (code, output) = await VerifyAsync("--state", State, "--key", forger.VerifierKey, url);
        Assert.Equal(1, code);
        Assert.Contains($"✗ log.json: it names the key {log.VerifierKey}, not the pinned {forger.VerifierKey}.", output);

        // A cosignature under the witness's name and key ID that its key did not make.
        using var notTheWitness = NoteSigner.Generate("witness.example.org");
        var cosignature = PublishedLogFolder.Cosign(notTheWitness, note.Text, 1_796_000_000) with { KeyId = note.Signatures[1].KeyId };
        await File.WriteAllTextAsync(Path.Combine(published, "checkpoint"), (note with { Signatures = [note.Signatures[0], cosignature] }).ToString());
        (code, output) = await VerifyAsync("--state", State, "--witness", witnessKey, url);
        Assert.Equal(1, code);
        Assert.Contains($"✗ checkpoint: the cosignature of witness.example.org does not verify with its key {witnessKey} (forged).", output);

        // A witness pinned with --witness must have cosigned.
        await File.WriteAllTextAsync(Path.Combine(published, "checkpoint"), (note with { Signatures = [note.Signatures[0]] }).ToString());
        (code, output) = await VerifyAsync("--state", State, "--witness", witnessKey, url);
        Assert.Equal(1, code);
        Assert.Contains("✗ checkpoint: not cosigned by the witness witness.example.org.", output);
    }

    [Fact]
    public async Task A_rewritten_history_is_caught_by_a_consistency_proof_from_the_last_checkpoint_seen()
    {
        using var log = NoteSigner.Generate("csat.example.test/log");
        await using var site = await PublishedLogFolder.ServeAsync(() => published);
        var url = Url(site);

        var (leaves, score) = Year(300, spreadOver: 500);
        Publish("no-score", leaves, log, [], null);
        var (code, output) = await VerifyAsync("--state", State, url);
        Assert.Equal(1, code);
        Assert.Contains("✗ score.json: missing, so no window can be recomputed.", output);
        Assert.False(File.Exists(State), "a log that fails is not remembered");

        Publish("first", leaves, log, [], score);
        (code, output) = await VerifyAsync("--state", State, url);
        Assert.True(code == 0, output);
        Assert.Equal(600, await SeenSizeAsync());

        (leaves, score) = Year(400, spreadOver: 500);
        Publish("second", leaves, log, [], score);
        (code, output) = await VerifyAsync("--state", State, url);
        Assert.True(code == 0, output);
        Assert.Contains($"✓ consistent with the checkpoint of 600 entries seen before ({State}): a proof of ", output);

        // A later log with one early answer rewritten, every file re-made and re-signed to match it.
        (leaves, score) = Year(500, spreadOver: 500);
        var rewritten = leaves.Select((leaf, i) => i == 11 ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(leaf).Replace("\"answered\"", "\"counted\"", StringComparison.Ordinal)) : leaf).ToList();
        Assert.NotEqual(leaves[11], rewritten[11]);
        Publish("rewritten", rewritten, log, [], score);
        (code, output) = await VerifyAsync("--state", State, url);
        Assert.Equal(1, code);
        Assert.Contains($"✗ history rewritten: the checkpoint of 800 entries seen before ({State}) is not a prefix of this checkpoint of 1,000 entries (the consistency proof from the tiles fails).", output);

        (leaves, score) = Year(300, spreadOver: 500);
        Publish("shrunk", leaves, log, [], score);
        (code, output) = await VerifyAsync("--state", State, url);
        Assert.Equal(1, code);
        Assert.Contains($"✗ history rewritten: the checkpoint of 800 entries seen before ({State}) is not in this checkpoint of 600 entries (the log shrank).", output);
        Assert.Equal(800, await SeenSizeAsync());
    }

    [Fact]
    public async Task A_hash_tile_starting_with_the_gzip_magic_is_read_as_it_is_from_a_folder_a_site_and_a_mirror()
    {
        using var log = NoteSigner.Generate("csat.example.test/log");
        var (leaves, score) = Year(300);

        // Leaf 256 (a survey counted, leaf 257 its answer) given another opaque id until its hash, the first of
        // tile/0/001, starts with 1f 8b: 65,536 tries on average. The windows do not depend on the id.
        var original = Encoding.UTF8.GetString(leaves[256]);
        var id = LogLeaf.Parse(leaves[256])!.Id;
        var (counted, answered) = (leaves[256], leaves[257]);
        for (var n = 0L; MerkleTree.LeafHash(counted) is not [0x1f, 0x8b, ..]; n++)
        {
            var other = n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
            counted = Encoding.UTF8.GetBytes(original.Replace(id, other, StringComparison.Ordinal));
            answered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(leaves[257]).Replace(id, other, StringComparison.Ordinal));
        }

        (leaves[256], leaves[257]) = (counted, answered);
        Publish("magic", leaves, log, [], score);
        Assert.True(await File.ReadAllBytesAsync(Path.Combine(published, Tiles.Path(0, 1, 256))) is [0x1f, 0x8b, ..]);

        var (code, output) = await VerifyAsync("--state", State, published);
        Assert.True(code == 0, output);
        await using var site = await PublishedLogFolder.ServeAsync(() => published);
        (code, output) = await VerifyAsync("--state", State, Url(site));
        Assert.True(code == 0, output);
        await using var mirror = await PublishedLogFolder.ServeAsync(() => published, bundlesEncoded: false);
        (code, output) = await VerifyAsync("--state", State, Url(mirror));
        Assert.True(code == 0, output);
        Assert.Contains("✓ The log holds", output);
    }

    [Fact]
    public async Task A_malformed_score_or_log_json_and_a_truncated_bundle_are_named_with_exit_1_and_no_stack_trace()
    {
        using var log = NoteSigner.Generate("csat.example.test/log");
        var (leaves, score) = Year(300);
        Publish("site", leaves, log, [], score);
        await using var site = await PublishedLogFolder.ServeAsync(() => published);
        var url = Url(site);
        async Task Refused(string named, params string[] where)
        {
            foreach (var at in where)
            {
                var (code, output) = await VerifyAsync("--state", State, at);
                Assert.True(code == 1, output);
                Assert.Contains(named, output);
                Assert.DoesNotContain("   at ", output);
                Assert.DoesNotContain("Unhandled exception", output);
            }
        }

        var scoreFile = Path.Combine(published, "score.json");
        var scoreText = await File.ReadAllTextAsync(scoreFile);
        await File.WriteAllTextAsync(scoreFile, scoreText[..(scoreText.Length / 2)]);
        await Refused("score.json: not a published score: ", url, published);
        await File.WriteAllTextAsync(scoreFile, "{}");
        await Refused("score.json: not a published score: it has no windows", url, published);
        await File.WriteAllTextAsync(scoreFile, scoreText);

        var logJson = Path.Combine(published, "log.json");
        var logText = await File.ReadAllTextAsync(logJson);
        await File.WriteAllTextAsync(logJson, "{\"key\": 5}");
        await Refused("log.json: not the log's description: its key is not a string.", url, published);
        await File.WriteAllTextAsync(logJson, "[not json");
        await Refused("log.json: not the log's description: ", url, published);
        await File.WriteAllTextAsync(logJson, logText);

        // A bundle cut in half, as an interrupted download leaves it.
        var bundle = Path.Combine(published, Tiles.EntriesPath(1, 256));
        var stored = await File.ReadAllBytesAsync(bundle);
        await File.WriteAllBytesAsync(bundle, stored[..(stored.Length / 2)]);
        await Refused("tile/entries/001", url);
        await Refused($"✗ {published}/tile/entries/001: not a whole gzip file (cut short or corrupt).", published);
        await File.WriteAllBytesAsync(bundle, [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff, 0xff]);
        await Refused("tile/entries/001", url);
        await Refused($"✗ {published}/tile/entries/001: not a whole gzip file (cut short or corrupt).", published);

        // A mirror serving the stored bytes without Content-Encoding: the verifier unzips, so it sees the cut too.
        await File.WriteAllBytesAsync(bundle, stored[..(stored.Length / 2)]);
        await using var mirror = await PublishedLogFolder.ServeAsync(() => published, bundlesEncoded: false);
        await Refused($"✗ {Url(mirror)}tile/entries/001: not a whole gzip file (cut short or corrupt).", Url(mirror));
        await File.WriteAllBytesAsync(bundle, stored);

        var (held, holds) = await VerifyAsync("--state", State, url);
        Assert.True(held == 0, holds);
    }

    [Fact]
    public async Task A_re_keyed_log_at_a_site_seen_before_is_refused_not_taken_for_a_first_run()
    {
        using var log = NoteSigner.Generate("csat.example.test/log");
        using var newKey = NoteSigner.Generate("csat.example.test/log");
        var (leaves, score) = Year(100);
        Publish("site", leaves, log, [], score);
        await using var site = await PublishedLogFolder.ServeAsync(() => published);
        var url = Url(site);

        var (code, output) = await VerifyAsync("--state", State, url);
        Assert.True(code == 0, output);
        Assert.Contains($"· warning: no --key pinned, so the key the site names is trusted ({log.VerifierKey}); pin the log's key announced elsewhere with --key.", output);
        Assert.StartsWith(log.VerifierKey + "\n", await File.ReadAllTextAsync(State), StringComparison.Ordinal);

        // The whole log re-made and signed with another key under the same origin: it verifies on its own, not as this site's log.
        Publish("re-keyed", leaves, newKey, [], score);
        (code, output) = await VerifyAsync("--state", State, url);
        Assert.Equal(1, code);
        Assert.Contains($"{State}: this site's log was csat.example.test/log signed by {log.VerifierKey}, it is now csat.example.test/log signed by {newKey.VerifierKey}: a renamed or re-keyed log is not a first run", output);

        using var renamed = NoteSigner.Generate("csat.example.test/other-log");
        Publish("renamed", leaves, renamed, [], score);
        (code, output) = await VerifyAsync("--state", State, "--key", renamed.VerifierKey, url);
        Assert.Equal(1, code);
        Assert.Contains("this site's log was csat.example.test/log signed by", output);
        Assert.DoesNotContain("warning: no --key pinned", output);
    }

    [Fact]
    public async Task New_key_prints_a_signing_key_and_its_vkey_and_bad_arguments_are_usage_errors()
    {
        var (code, output) = await VerifyAsync("new-key", "csat.example.test/log");
        Assert.True(code == 0, output);
        var lines = output.Split('\n');
        using var key = NoteSigner.Parse(lines[0])!;
        Assert.Equal("csat.example.test/log", key.Name);
        Assert.Equal(key.VerifierKey, lines[1]);

        Assert.Equal(2, (await VerifyAsync("new-key", "has space")).Code);
        Assert.Equal(2, (await VerifyAsync()).Code);
        Assert.Equal(2, (await VerifyAsync("--key")).Code);
        Assert.Equal(2, (await VerifyAsync("a", "b")).Code);
    }

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>The size of the checkpoint the state file keeps (after its first line, the log's vkey).</summary>
    private async Task<long> SeenSizeAsync()
    {
        var text = await File.ReadAllTextAsync(State);
        return LogCheckpoint.Parse(SignedNote.Parse(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..])!.Text)!.Size;
    }

    /// <summary>Runs the built verifier as an auditor would.</summary>
    public static Task<(int Code, string Output)> VerifyAsync(params string[] args)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);
        var tool = Path.Combine(AzuriteProcess.RepositoryRoot(), "tools", "CsatFunctions.Verify", "bin", configuration, "net10.0", "CsatFunctions.Verify.dll");
        return ToolProcess.RunToExitAsync("dotnet", [tool, .. args]);
    }

    private static (List<byte[]> Leaves, ScoreDocument Score) Year(int answers, int? spreadOver = null)
    {
        var (entries, tallies) = SyntheticLedger.Year(answers, Now, spreadOver);
        return ([.. entries.Select(entry => LogLeaf.Of(entry).Bytes())], ScoreCalculator.Calculate("Example Hosting", tallies, Now));
    }

    private void Publish(string name, IReadOnlyList<byte[]> leaves, NoteSigner log, IReadOnlyList<NoteSigner> witnesses, ScoreDocument? score)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work.FullName, name)).FullName;
        PublishedLogFolder.Write(folder, leaves, log, witnesses, score);
        published = folder;
    }

    private static string Url(Microsoft.AspNetCore.Builder.WebApplication site) => site.Services.GetService(typeof(IServer)) is IServer server
        ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/"
        : throw new InvalidOperationException("no server");
}
