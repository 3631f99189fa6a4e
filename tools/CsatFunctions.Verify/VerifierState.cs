using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Verify;

/// <summary>
/// The last checkpoint this verifier saw and verified at one site, kept in a file (by default
/// <c>$XDG_STATE_HOME/csat-verify/{site}-{hash}.checkpoint</c>, one per URL or folder audited) as the log's
/// vkey on the first line and the signed note after it, so the next run checks the new checkpoint extends it:
/// a consistency proof computed from the tiles, per RFC 9162, which fails if history was rewritten. A site whose
/// log now has another origin or key is refused, not taken for a first run.
/// </summary>
internal sealed partial class VerifierState(string path)
{
    public string Path => path;

    /// <param name="where">The URL or folder given on the command line.</param>
    public static string DefaultFor(string where)
    {
        var site = where.Contains("://", StringComparison.Ordinal) ? where.TrimEnd('/') : System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(where));
        var home = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state
            ? state
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        var readable = Unsafe().Replace(site, "_");

        // The hash keeps two sites apart that the readable part would merge (a/b and a_b).
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(site)))[..12];
        return System.IO.Path.Combine(home, "csat-verify", $"{readable[^Math.Min(readable.Length, 80)..]}-{hash}.checkpoint");
    }

    /// <returns>What differs from the checkpoint seen before (none when there is none yet), and a line saying what was checked.</returns>
    public async Task<(List<string> Problems, string? Checked)> CheckAsync(LogCheckpoint now, NoteVerifier key, PublishedFiles files, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return ([], null);
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0 || SignedNote.Parse(text[(newline + 1)..]) is not { } note || LogCheckpoint.Parse(note.Text) is not { } seen)
        {
            return ([$"{path}: not a checkpoint this verifier kept; remove it to start again."], null);
        }

        var (seenKey, before) = (text[..newline], $"the checkpoint of {seen.Size:N0} entries seen before ({path})");
        if (seen.Origin != now.Origin || seenKey != key.VerifierKey)
        {
            return ([$"{path}: this site's log was {seen.Origin} signed by {seenKey}, it is now {now.Origin} signed by {key.VerifierKey}: a renamed or re-keyed log is not a first run (check the change is announced, then remove the file)."], null);
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

    public async Task SaveAsync(SignedNote note, NoteVerifier key, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, key.VerifierKey + "\n" + note, cancellationToken);
    }

    [GeneratedRegex("[^A-Za-z0-9.-]")]
    private static partial Regex Unsafe();
}
