using System.IO.Compression;
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
        var entries = Tiles.Unbundle(Gunzip(original))!;
        async Task<string> Tampered(IEnumerable<byte[]> changed, string named)
        {
            await File.WriteAllBytesAsync(bundle, Gzip(Tiles.Bundle(changed)));
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
        await Tampered(entries.Where((_, i) => i != 7), "tile/entries/001: leaf 263 was dropped (leaf 264 stands in its place), compared with the tiles, which give the signed root, (the bundle holds 255 entries where the checkpoint needs 256)");
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
        Assert.Equal(600, LogCheckpoint.Parse(SignedNote.Parse(await File.ReadAllTextAsync(State))!.Text)!.Size);

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
        Assert.Equal(800, LogCheckpoint.Parse(SignedNote.Parse(await File.ReadAllTextAsync(State))!.Text)!.Size);
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

    private static byte[] Gzip(byte[] bytes)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return packed.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
