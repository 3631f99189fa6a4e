using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Web;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger;

/// <summary>
/// At each refresh: appends what happened since (counted tickets, recorded answers) to the chain,
/// then renders the public ledger: a file per UTC day of appends, the index of days, and the signed
/// checkpoint over the head, with the public key beside it. The aggregator publishes them with the
/// score's static files. The same entries are the leaves of the transparency log (<see cref="LogPublisher"/>),
/// published beside these files, which stay one release for the verifiers that read them.
/// </summary>
public sealed class LedgerPublisher(LedgerEvents events, LedgerChain chain, LedgerArchive archive, LogPublisher log, CsatOptions options, TimeProvider time, ILogger<LedgerPublisher> logger)
{
    public const string Folder = "ledger/";

    /// <summary>The verify page and its script, published beside the score (they read score.json and ledger/ there).</summary>
    public static readonly IReadOnlyList<(string Name, PublicResource File)> VerifyPage =
    [
        ("verify.html", PublicResource.ForWebsites(Embedded("verify.html"), "text/html; charset=utf-8", TimeSpan.FromHours(1))),
        ("verify.js", PublicResource.ForWebsites(Embedded("verify.js"), "text/javascript; charset=utf-8", TimeSpan.FromHours(1))),
    ];

    // Refreshes run one at a time (the lease), so this state needs no lock. Each day's file is kept as
    // rendered, and a refresh reads only the entries appended since the last one it read: the first
    // refresh after a start reads the chain once, the others cost what was appended.
    private readonly SortedDictionary<string, LedgerDayFile> days = new(StringComparer.Ordinal);
    private readonly ECDsa? signer = Signer(options.LedgerSigningKey);
    private long renderedSeq;
    private string renderedHead = LedgerEntry.Genesis;

    // What the last refresh rendered, by the head and day it rendered at: a refresh with nothing new costs one point read.
    private (string Head, DateOnly Day, IReadOnlyList<(string Name, PublicResource File)> Files)? rendered;

    /// <returns>The ledger's files by name (under <see cref="Folder"/>), as they are to be published.</returns>
    public async Task<IReadOnlyList<(string Name, PublicResource File)>> AppendAndRenderAsync(CancellationToken cancellationToken)
    {
        var pending = await events.ReadAsync(cancellationToken);
        if (pending.Count > 0)
        {
            var appended = await chain.AppendAsync(pending, surveyId => LedgerEntry.IdOf(options.LedgerKey, surveyId), cancellationToken);
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
            // Nothing new, unless the log's last publication failed part way: this retries it.
            await log.PublishAsync(cancellationToken);
            return last.Files;
        }

        foreach (var (entry, appendedOn) in await chain.ReadAfterAsync(renderedSeq, cancellationToken))
        {
            if (!days.TryGetValue(appendedOn, out var day))
            {
                days[appendedOn] = day = new LedgerDayFile(appendedOn, entry.Seq);
            }

            day.Add(entry);
            log.Add(entry);
            (renderedSeq, renderedHead) = (entry.Seq, entry.Hash);
        }

        var todayKey = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await archive.ArchiveAsync(days.Values.Where(day => string.CompareOrdinal(day.Day, todayKey) < 0), Checkpoint, cancellationToken);
        await log.PublishAsync(cancellationToken);
        var files = new List<(string, PublicResource)>(VerifyPage);
        files.AddRange(log.Files);
        files.AddRange(days.Values.Select(day => (Folder + day.Name, day.File)));
        var (count, head) = (renderedSeq, renderedHead);
        var index = new LedgerIndex(1, options.CompanyName, count, head, [.. days.Values.Select(day => day.Summary)]);
        files.Add((Folder + "index.json", PublicResource.ForWebsites(JsonSerializer.Serialize(index, CsatJson.Default.LedgerIndex), "application/json; charset=utf-8", TimeSpan.FromMinutes(1))));
        files.Add((Folder + "checkpoint.json", PublicResource.ForWebsites(JsonSerializer.Serialize(Checkpoint(count, head), CsatJson.Default.LedgerCheckpoint), "application/json; charset=utf-8", TimeSpan.FromMinutes(1))));
        if (signer is not null)
        {
            files.Add((Folder + "public-key.pem", PublicResource.ForWebsites(signer.ExportSubjectPublicKeyInfoPem() + "\n", "application/x-pem-file", TimeSpan.FromMinutes(1))));
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

    private static ECDsa? Signer(byte[]? pkcs8)
    {
        if (pkcs8 is null)
        {
            return null;
        }

        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return ecdsa;
    }

    private LedgerCheckpoint Checkpoint(long count, string head)
    {
        var unsigned = new LedgerCheckpoint(count, head, time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), null);
        return signer is null
            ? unsigned
            : unsigned with { Signature = Convert.ToBase64String(signer.SignData(Encoding.UTF8.GetBytes(unsigned.SignedText), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)) };
    }
}
