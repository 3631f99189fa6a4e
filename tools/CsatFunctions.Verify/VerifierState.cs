using System.Text.RegularExpressions;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Verify;

/// <summary>
/// The last checkpoint this verifier saw and verified, kept as its signed note in a file (by default
/// <c>$XDG_STATE_HOME/csat-verify/{origin}.checkpoint</c>), so the next run checks the new checkpoint
/// extends it: a consistency proof computed from the tiles, per RFC 9162, which fails if history was rewritten.
/// </summary>
internal sealed partial class VerifierState(string path)
{
    public string Path => path;

    public static string DefaultFor(string origin)
    {
        var home = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state
            ? state
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return System.IO.Path.Combine(home, "csat-verify", Unsafe().Replace(origin, "_") + ".checkpoint");
    }

    /// <returns>What differs from the checkpoint seen before (none when there is none yet), and a line saying what was checked.</returns>
    public async Task<(List<string> Problems, string? Checked)> CheckAsync(LogCheckpoint now, PublishedFiles files, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return ([], null);
        }

        if (SignedNote.Parse(await File.ReadAllTextAsync(path, cancellationToken)) is not { } note || LogCheckpoint.Parse(note.Text) is not { } seen)
        {
            return ([$"{path}: not a checkpoint; remove it to start again."], null);
        }

        var before = $"the checkpoint of {seen.Size:N0} entries seen before ({path})";
        if (seen.Origin != now.Origin)
        {
            return ([$"{path}: the checkpoint of another log ({seen.Origin})."], null);
        }

        if (seen.Size > now.Size || (seen.Size == now.Size && !seen.RootHash.AsSpan().SequenceEqual(now.RootHash)))
        {
            return ([$"history rewritten: {before} is not in this checkpoint of {now.Size:N0} entries ({(seen.Size > now.Size ? "the log shrank" : "same size, another root")})."], null);
        }

        try
        {
            var proof = await new TiledTree(now.Size, files.ReadAsync).ConsistencyProofAsync(seen.Size, cancellationToken);
            return MerkleTree.VerifyConsistency(seen.Size, now.Size, seen.RootHash, now.RootHash, proof)
                ? ([], $"✓ consistent with {before}: a proof of {proof.Count} hashes.")
                : ([$"history rewritten: {before} is not a prefix of this checkpoint of {now.Size:N0} entries (the consistency proof from the tiles fails)."], null);
        }
        catch (InvalidDataException ex)
        {
            return ([$"consistency with {before}: {ex.Message}"], null);
        }
    }

    public async Task SaveAsync(SignedNote note, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, note.ToString(), cancellationToken);
    }

    [GeneratedRegex("[^A-Za-z0-9.-]")]
    private static partial Regex Unsafe();
}
