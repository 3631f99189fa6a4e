using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Surveys;

namespace CsatFunctions.Ledger;

/// <summary>The published ledger as downloaded: the index, each day's file as text, the checkpoint and the public key (null when none is published).</summary>
public sealed record PublishedLedger(LedgerIndex Index, IReadOnlyDictionary<string, string> DayFiles, LedgerCheckpoint Checkpoint, string? PublicKeyPem)
{
    /// <summary>Downloads the ledger from wherever the score's static files are; a missing day file is left out, for the verifier to name.</summary>
    /// <param name="read">A file's text by its path beside score.json (<c>ledger/index.json</c>); null when it is not there.</param>
    /// <returns>Null when the index or the checkpoint is not there.</returns>
    public static async Task<PublishedLedger?> ReadAsync(Func<string, Task<string?>> read)
    {
        if (await read(LedgerPublisher.Folder + "index.json") is not { } indexText || await read(LedgerPublisher.Folder + "checkpoint.json") is not { } checkpointText)
        {
            return null;
        }

        var index = JsonSerializer.Deserialize(indexText, CsatJson.Default.LedgerIndex)!;
        var days = new Dictionary<string, string>();
        foreach (var day in index.Days)
        {
            if (await read(LedgerPublisher.Folder + day.File) is { } text)
            {
                days[day.File] = text;
            }
        }

        return new PublishedLedger(index, days, JsonSerializer.Deserialize(checkpointText, CsatJson.Default.LedgerCheckpoint)!, await read(LedgerPublisher.Folder + "public-key.pem"));
    }
}

/// <summary>
/// Checks a published ledger as anyone can: every entry's hash, the chain from the first entry to
/// the head, the index against the files, and the checkpoint's signature; then recomputes every
/// window of the public document from the entries (the latest answer of each survey wins, and its latest
/// counted entry names its day, as the score counts) so published and recomputed figures can be set side by side. The command-line
/// verifier and the tests use it; the verify page does the same in the browser.
/// </summary>
public static class LedgerVerifier
{
    /// <returns>Every problem found, each naming its day and entry; empty when the ledger holds.</returns>
    public static List<string> Check(PublishedLedger ledger, out List<LedgerEntry> entries)
    {
        var problems = new List<string>();
        entries = [];
        var (expected, prev) = (1L, LedgerEntry.Genesis);
        foreach (var day in ledger.Index.Days)
        {
            if (!ledger.DayFiles.TryGetValue(day.File, out var text))
            {
                problems.Add($"{day.Day}: the file {day.File} is missing.");
                continue;
            }

            var lastInFile = (Seq: 0L, Hash: "");
            foreach (var (line, number) in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select((line, i) => (line, i + 1)))
            {
                LedgerEntry? entry;
                try
                {
                    entry = JsonSerializer.Deserialize(line, CsatJson.Default.LedgerEntry);
                }
                catch (JsonException)
                {
                    entry = null;
                }

                if (entry is null)
                {
                    problems.Add($"{day.Day}: line {number} is not an entry.");
                    continue;
                }

                if (!entry.IsIntact)
                {
                    problems.Add($"{day.Day}: entry {entry.Seq} was changed (its hash does not match its fields).");
                }

                if (entry.Seq != expected)
                {
                    problems.Add($"{day.Day}: entry {entry.Seq} stands where entry {expected} should (an entry is missing or out of order).");
                }

                if (entry.Prev != prev)
                {
                    problems.Add($"{day.Day}: entry {entry.Seq} does not follow the entry before it (its previous hash differs).");
                }

                entries.Add(entry);
                (expected, prev, lastInFile) = (entry.Seq + 1, entry.Hash, (entry.Seq, entry.Hash));
            }

            if (lastInFile.Seq != day.Last || lastInFile.Hash != day.LastHash)
            {
                problems.Add($"{day.Day}: the file ends at entry {lastInFile.Seq}, the index says {day.Last} with another hash.");
            }
        }

        if (ledger.Index.Head != prev || ledger.Index.Entries != entries.Count)
        {
            problems.Add($"index: it names {ledger.Index.Entries} entries ending in {Short(ledger.Index.Head)}; the files hold {entries.Count} ending in {Short(prev)}.");
        }

        var checkpoint = ledger.Checkpoint;
        if (checkpoint.Head != ledger.Index.Head || checkpoint.Entries != ledger.Index.Entries)
        {
            problems.Add($"checkpoint: it signs {checkpoint.Entries} entries ending in {Short(checkpoint.Head)}, not the index's head.");
        }

        if (checkpoint.Signature is null || ledger.PublicKeyPem is null)
        {
            problems.Add("checkpoint: it is not signed, or no public key is published beside it.");
        }
        else if (!SignatureHolds(checkpoint, ledger.PublicKeyPem))
        {
            problems.Add("checkpoint: its signature does not verify with the published public key.");
        }

        return problems;
    }

    private static bool SignatureHolds(LedgerCheckpoint checkpoint, string publicKeyPem)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(publicKeyPem);
            return ecdsa.VerifyData(Encoding.UTF8.GetBytes(checkpoint.SignedText), Convert.FromBase64String(checkpoint.Signature!), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
