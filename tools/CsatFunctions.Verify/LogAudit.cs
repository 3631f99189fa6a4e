using System.Diagnostics;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Scores;

namespace CsatFunctions.Verify;

/// <summary>What the auditor asked for: which log key and witnesses to trust, and where the last checkpoint seen is kept.</summary>
internal sealed record AuditOptions(string? PinnedKey, IReadOnlyList<string> PinnedWitnesses, string? StatePath);

/// <summary>
/// The full audit of the transparency log: the checkpoint's signature and cosignatures, every entry
/// streamed and hashed into the root the checkpoint signs (naming the first entry that differs when it
/// does not), consistency with the last checkpoint seen, and every window recomputed from the leaves.
/// </summary>
internal static class LogAudit
{
    public static async Task<int> RunAsync(PublishedFiles files, AuditOptions options, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (problems, notes) = (new List<string>(), new List<string>());
        var keys = await LogKeys.ReadAsync(files, options.PinnedKey, options.PinnedWitnesses, problems, cancellationToken);
        var signed = keys is null ? null : CheckpointCheck.Check(await files.ReadTextAsync("checkpoint", cancellationToken), keys, problems, notes);
        if (signed is not var (note, checkpoint))
        {
            return Verdict(problems, [], watch);
        }

        var streamed = await LeafStream.ReadAsync(files, checkpoint.Size, cancellationToken);
        if (!streamed.Root.AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            problems.Add($"root: the entries give {Convert.ToBase64String(streamed.Root)}, the checkpoint signs {Convert.ToBase64String(checkpoint.RootHash)}.");
            problems.AddRange(await TamperLocator.NameAsync(files, streamed, checkpoint.RootHash, cancellationToken));
        }

        // Entries past a bundle's width are not in the tree, so the root cannot show them: named here.
        var overfull = Enumerable.Range(0, streamed.Counts.Length).FirstOrDefault(b => streamed.Counts[b] > Tiles.WidthOf(0, b, checkpoint.Size), -1);
        if (overfull >= 0)
        {
            var width = Tiles.WidthOf(0, overfull, checkpoint.Size);
            problems.Add($"{Tiles.EntriesPath(overfull, width)}: {streamed.Counts[overfull]} entries where the checkpoint has {width}.");
        }

        // Only leaves a bundle holds: positions past a short bundle's end are its one problem (dropped or cut short), named above.
        var unreadable = Enumerable.Range(0, (int)checkpoint.Size).Where(i => streamed.Leaves[i] is null && i % Tiles.Width < streamed.Counts[i / Tiles.Width]).ToList();
        if (unreadable.Count > 0)
        {
            problems.Add($"leaf {unreadable[0]}{(unreadable.Count > 1 ? $" and {unreadable.Count - 1} more" : "")}: not a leaf of the log (day, id, kind…).");
        }

        var state = new VerifierState(options.StatePath ?? VerifierState.DefaultFor(files.Root));
        var (rewritten, consistent) = await state.CheckAsync(checkpoint, keys!.Log, files, cancellationToken);
        problems.AddRange(rewritten);

        var differences = new List<string>();
        Console.WriteLine($"{checkpoint.Origin}: {checkpoint.Size:N0} entries in {(checkpoint.Size + Tiles.Width - 1) / Tiles.Width:N0} bundle(s), root {Convert.ToBase64String(checkpoint.RootHash)}.");
        if (await files.ReadAsync("score.json", cancellationToken) is { } scoreJson)
        {
            var score = PublishedScore.Parse(scoreJson);
            var recomputed = ScoreFromLedger.Recompute(streamed.Leaves.OfType<LogLeaf>(), score.GeneratedAt);
            differences = ScoreFromLedger.Compare(score.Windows, recomputed);
            Console.WriteLine($"The score of {score.GeneratedAt:yyyy-MM-dd HH:mm} UTC, recomputed from the leaves:");
            Console.WriteLine();
            WindowsTable.Print(score.Windows, recomputed);
        }
        else
        {
            problems.Add("score.json: missing, so no window can be recomputed.");
        }

        if (options.PinnedKey is null)
        {
            notes.Add($"warning: no --key pinned, so the key the site names is trusted ({keys.Log.VerifierKey}); pin the log's key announced elsewhere with --key.");
        }

        foreach (var line in notes.Append(consistent).OfType<string>())
        {
            Console.WriteLine(line.StartsWith('✓') ? line : "· " + line);
        }

        var verdict = Verdict(problems, differences, watch);
        if (verdict == 0)
        {
            await state.SaveAsync(note, keys.Log, cancellationToken);
        }

        return verdict;
    }

    private static int Verdict(List<string> problems, List<string> differences, Stopwatch watch)
    {
        foreach (var problem in problems.Concat(differences))
        {
            Console.WriteLine("✗ " + problem);
        }

        Console.WriteLine(problems.Count + differences.Count == 0
            ? "✓ The log holds: the checkpoint is signed, every entry gives its root, and every window matches the published score."
            : $"✗ {problems.Count} log problem(s), {differences.Count} figure(s) that differ.");
        Console.WriteLine($"audit: {watch.Elapsed.TotalMilliseconds:F0} ms");
        return problems.Count + differences.Count == 0 ? 0 : 1;
    }
}
