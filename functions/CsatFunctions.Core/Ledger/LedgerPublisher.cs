using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Web;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger;

/// <summary>
/// At each refresh: appends what happened since (counted tickets, recorded answers) to the chain,
/// then renders the public ledger: a file per UTC day of appends, the index of days, and the signed
/// checkpoint over the head, with the public key beside it. The aggregator publishes them with the
/// score's static files; <c>GET /api/score/ledger/…</c> serves the same from memory.
/// </summary>
public sealed class LedgerPublisher(LedgerEvents events, LedgerChain chain, LedgerArchive archive, CsatOptions options, TimeProvider time, ILogger<LedgerPublisher> logger)
{
    public const string Folder = "ledger/";

    /// <summary>The verify page and its script, published beside the score (they read score.json and ledger/ there).</summary>
    private static readonly (string Name, PublicResource File)[] VerifyPage =
    [
        ("verify.html", PublicResource.ForWebsites(Embedded("verify.html"), "text/html; charset=utf-8", TimeSpan.FromHours(1))),
        ("verify.js", PublicResource.ForWebsites(Embedded("verify.js"), "text/javascript; charset=utf-8", TimeSpan.FromHours(1))),
    ];

    // What the last refresh rendered, by the head and day it rendered at: a refresh with nothing new
    // costs one point read, not a read of the whole chain. Refreshes run one at a time (the lease).
    private (string Head, DateOnly Day, IReadOnlyList<(string Name, PublicResource File)> Files)? rendered;

    /// <summary>The survey's opaque public id: a keyed hash, unlinkable to the survey, ticket or person without <c>Csat__LedgerKey</c>.</summary>
    public string IdOf(string surveyId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(options.LedgerKey, Encoding.UTF8.GetBytes(surveyId)))[..32];

    /// <returns>The ledger's files by name (under <see cref="Folder"/>), as they are to be published.</returns>
    public async Task<IReadOnlyList<(string Name, PublicResource File)>> AppendAndRenderAsync(CancellationToken cancellationToken)
    {
        var pending = await events.ReadAsync(cancellationToken);
        if (pending.Count > 0)
        {
            var appended = await chain.AppendAsync(pending, IdOf, cancellationToken);
            foreach (var done in appended)
            {
                await events.ForgetAsync(done, cancellationToken);
            }

            logger.LogInformation("Appended {Count} event(s) to the public ledger.", appended.Count);
        }

        // A new day re-renders too: yesterday is then finished and goes to the write-once archive.
        var (current, today) = (await chain.HeadAsync(cancellationToken), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (rendered is { } last && last.Head == current && last.Day == today)
        {
            return last.Files;
        }

        var entries = await chain.ReadAllAsync(cancellationToken);
        await archive.ArchiveAsync(entries, Checkpoint, cancellationToken);
        var files = new List<(string, PublicResource)>(VerifyPage);
        var days = new List<LedgerDay>();
        foreach (var day in entries.GroupBy(e => e.AppendedOn).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var lines = new StringBuilder();
            foreach (var (entry, _) in day)
            {
                lines.Append(JsonSerializer.Serialize(entry, CsatJson.Default.LedgerEntry)).Append('\n');
            }

            var name = $"{day.Key}.jsonl";
            files.Add((Folder + name, PublicResource.ForWebsites(lines.ToString(), "application/x-ndjson; charset=utf-8", TimeSpan.FromMinutes(1))));
            days.Add(new LedgerDay(day.Key, name, day.First().Entry.Seq, day.Last().Entry.Seq, day.Last().Entry.Hash));
        }

        var head = entries.Count > 0 ? entries[^1].Entry.Hash : LedgerEntry.Genesis;
        var index = new LedgerIndex(1, options.CompanyName, entries.Count, head, days);
        files.Add((Folder + "index.json", PublicResource.ForWebsites(JsonSerializer.Serialize(index, CsatJson.Default.LedgerIndex), "application/json; charset=utf-8", TimeSpan.FromMinutes(1))));
        files.Add((Folder + "checkpoint.json", PublicResource.ForWebsites(JsonSerializer.Serialize(Checkpoint(entries.Count, head), CsatJson.Default.LedgerCheckpoint), "application/json; charset=utf-8", TimeSpan.FromMinutes(1))));
        if (options.LedgerSigningKey is { } key)
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(key, out _);
            files.Add((Folder + "public-key.pem", PublicResource.ForWebsites(ecdsa.ExportSubjectPublicKeyInfoPem() + "\n", "application/x-pem-file", TimeSpan.FromMinutes(1))));
        }

        rendered = (head, today, files);
        return files;
    }

    private static string Embedded(string name)
    {
        using var stream = typeof(LedgerPublisher).Assembly.GetManifestResourceStream("CsatFunctions.Ledger." + name)
            ?? throw new InvalidOperationException($"{name} is not embedded in CsatFunctions.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private LedgerCheckpoint Checkpoint(long count, string head)
    {
        var unsigned = new LedgerCheckpoint(count, head, time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), null);
        if (options.LedgerSigningKey is not { } key)
        {
            return unsigned;
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key, out _);
        var signature = ecdsa.SignData(Encoding.UTF8.GetBytes(unsigned.SignedText), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return unsigned with { Signature = Convert.ToBase64String(signature) };
    }
}
