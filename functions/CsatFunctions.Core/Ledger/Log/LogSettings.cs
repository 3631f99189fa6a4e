using System.Security.Cryptography;
using CsatFunctions.Settings;

namespace CsatFunctions.Ledger.Log;

/// <summary>Reads and checks the transparency log's settings, one line per bad key.</summary>
public static class LogSettings
{
    public static LogOptions Read(SettingsReader settings, Uri? publishedUrl, Uri? publicBaseUrl, byte[]? ledgerKey)
    {
        NoteSigner? key = null;
        if (settings.Text("Csat__LogSigningKey") is { } keyText)
        {
            key = NoteSigner.Parse(keyText);
            settings.Require(key is not null, "Csat__LogSigningKey must be an Ed25519 signed-note key, PRIVATE+KEY+{origin}+{key id}+{base64}, as `dotnet run --project tools/CsatFunctions.Verify -- new-key {origin}` or Go's note.GenerateKey writes it.");
        }

        // The tlog-tiles default: the address the log's files are served at, without its scheme.
        var origin = settings.Text("Csat__LogOrigin") ?? key?.Name ?? Schemeless(publishedUrl) ?? (Schemeless(publicBaseUrl) is { } api ? api + "/log" : null);
        settings.Require(
            // No origin at all means Csat__PublicBaseUrl is bad, which has its own line.
            origin is null || origin is { Length: > 0 and <= 200 } && !origin.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+'),
            "Csat__LogOrigin must be the log's name, a schemeless URL such as csat.example.com/log without spaces or +.");
        settings.Require(
            key is null || origin is null || key.Name == origin,
            "Csat__LogSigningKey: its key name must be the log's origin (Csat__LogOrigin, or the published files' address without its scheme).");

        var witnesses = new List<LogWitness>();
        foreach (var line in (settings.Text("Csat__LogWitnesses") ?? "").Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var verifier = parts.Length == 2 ? NoteVerifier.Parse(parts[0]) : null;
            var valid = verifier is { Type: NoteVerifier.Cosignature }
                && Uri.TryCreate(parts[1], UriKind.Absolute, out var url) && url.Scheme is "https" or "http";
            if (settings.Require(valid, $"Csat__LogWitnesses: \"{(line.Length <= 48 ? line : line[..48] + "…")}\" must be a witness's Ed25519 cosignature vkey (name+id+base64, type 0x04; ML-DSA-44 witness keys, type 0x06, are not supported yet) and its tlog-witness URL, separated by a space; witnesses separated by ;.")
                && settings.Require(
                    !witnesses.Any(known => known.Key.VerifierKey == verifier!.VerifierKey),
                    $"Csat__LogWitnesses: the witness key {verifier!.Name}+{verifier.KeyId:x8} is listed twice; a witness is asked once per checkpoint."))
            {
                witnesses.Add(new LogWitness(verifier, new Uri(parts[1])));
            }
        }

        var timeout = settings.Time("Csat__LogWitnessTimeout", LogOptions.DefaultWitnessTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), "Csat__LogWitnessTimeout must be a time from 00:00:01 to 00:01:00, such as 00:00:05.");
        if (origin is null || settings.Errors.Count > 0)
        {
            return new LogOptions();
        }

        // Without a key of its own the log signs with one derived from the ledger key, so its checkpoints are always signed.
        key ??= ledgerKey is null ? null : NoteSigner.FromSeed(origin, HMACSHA256.HashData(ledgerKey, "csat-log-signing-key"u8));
        return key is null ? new LogOptions() : new LogOptions { Origin = origin, SigningKey = key, Witnesses = witnesses, WitnessTimeout = timeout };
    }

    private static string? Schemeless(Uri? url) => url is null ? null : (url.Authority + url.AbsolutePath).TrimEnd('/');
}
