using System.Text.Json;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Verify;

/// <summary>The keys a log is checked with: its own, and its witnesses' (pinned ones must have cosigned).</summary>
internal sealed record LogKeys(NoteVerifier Log, IReadOnlyList<NoteVerifier> Witnesses, bool WitnessesPinned)
{
    /// <summary>The pinned keys when given, else those <c>log.json</c> (or <c>log.vkey</c>) publishes; a problem when a key is unreadable or the published one is not the pinned one.</summary>
    public static async Task<LogKeys?> ReadAsync(PublishedFiles files, string? pinnedKey, IReadOnlyList<string> pinnedWitnesses, List<string> problems, CancellationToken cancellationToken)
    {
        var (published, witnesses) = ((string?)null, new List<string>());
        if (await files.ReadAsync("log.json", cancellationToken) is { } json)
        {
            (published, witnesses) = Published(json);
        }

        published ??= (await files.ReadTextAsync("log.vkey", cancellationToken))?.Trim();
        if (pinnedKey is not null && published is not null && published != pinnedKey.Trim())
        {
            problems.Add($"log.json: it names the key {published}, not the pinned {pinnedKey.Trim()}.");
        }

        if (NoteVerifier.Parse(pinnedKey ?? published ?? "") is not { Type: NoteSigner.Ed25519 } logKey)
        {
            problems.Add(pinnedKey is null ? "log.json / log.vkey: no log key is published (or it is not an Ed25519 vkey); give one with --key." : $"--key {pinnedKey}: not an Ed25519 signed-note vkey.");
            return null;
        }

        var witnessKeys = new List<NoteVerifier>();
        foreach (var text in pinnedWitnesses.Count > 0 ? pinnedWitnesses : witnesses)
        {
            if (NoteVerifier.Parse(text) is { Type: NoteVerifier.Cosignature } witness)
            {
                witnessKeys.Add(witness);
            }
            else
            {
                problems.Add($"witness {text}: not a cosignature (type 0x04) vkey.");
            }
        }

        return new LogKeys(logKey, witnessKeys, pinnedWitnesses.Count > 0);
    }

    /// <returns>The key and witnesses log.json names.</returns>
    /// <exception cref="UnreadableFileException">It is not JSON, or not shaped as the log's description.</exception>
    private static (string? Key, List<string> Witnesses) Published(byte[] json)
    {
        try
        {
            using var log = JsonDocument.Parse(json);
            var root = log.RootElement;
            var key = root.ValueKind != JsonValueKind.Object ? throw new JsonException("not a JSON object.")
                : !root.TryGetProperty("key", out var k) ? null
                : k.ValueKind == JsonValueKind.String ? k.GetString() : throw new JsonException("its key is not a string.");
            var witnesses = !root.TryGetProperty("witnesses", out var list) ? []
                : list.ValueKind == JsonValueKind.Array && list.EnumerateArray().All(w => w.ValueKind == JsonValueKind.String) ? list.EnumerateArray().Select(w => w.GetString()!).ToList()
                : throw new JsonException("its witnesses are not a list of vkeys.");
            return (key, witnesses);
        }
        catch (JsonException ex)
        {
            throw new UnreadableFileException("log.json", $"not the log's description: {ex.Message}", ex);
        }
    }
}

/// <summary>The checkpoint's signature by the log's key and its cosignatures by the witnesses'.</summary>
internal static class CheckpointCheck
{
    /// <returns>The checkpoint's note and text, or null when it cannot be read (a problem says why).</returns>
    public static (SignedNote Note, LogCheckpoint Checkpoint)? Check(string? text, LogKeys keys, List<string> problems, List<string> notes)
    {
        if (text is null || SignedNote.Parse(text) is not { } note || LogCheckpoint.Parse(note.Text) is not { } checkpoint)
        {
            problems.Add(text is null ? "checkpoint: missing." : "checkpoint: not a signed checkpoint (C2SP tlog-checkpoint).");
            return null;
        }

        if (checkpoint.Origin != keys.Log.Name)
        {
            problems.Add($"checkpoint: its origin {checkpoint.Origin} is not the log key's name {keys.Log.Name}.");
        }

        // Every line under the log key's name and ID must verify (signed-note): one good line does not excuse a forged one.
        var logLines = note.Signatures.Where(keys.Log.Matches).ToList();
        if (logLines.Count == 0)
        {
            problems.Add($"checkpoint: it is not signed by the log's key {keys.Log.VerifierKey}.");
        }
        else if (!logLines.All(line => keys.Log.Verifies(note.Text, line)))
        {
            problems.Add($"checkpoint: {(logLines.Count > 1 ? "one of its signatures" : "its signature")} does not verify with the log's key {keys.Log.VerifierKey} (forged).");
        }

        foreach (var witness in keys.Witnesses)
        {
            var lines = note.Signatures.Where(witness.Matches).ToList();
            if (lines.Count == 0)
            {
                (keys.WitnessesPinned ? problems : notes).Add($"checkpoint: not cosigned by the witness {witness.Name}.");
            }
            else if (!lines.All(line => witness.Verifies(note.Text, line)))
            {
                problems.Add($"checkpoint: the cosignature of {witness.Name} does not verify with its key {witness.VerifierKey} (forged).");
            }
            else
            {
                var at = DateTimeOffset.FromUnixTimeSeconds((long)NoteVerifier.CosignedAt(lines[0]));
                notes.Add($"cosigned by {witness.Name} at {at:yyyy-MM-dd HH:mm:ss} UTC.");
            }
        }

        return (note, checkpoint);
    }
}
