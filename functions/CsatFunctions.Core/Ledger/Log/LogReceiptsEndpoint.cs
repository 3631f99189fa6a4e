using System.Globalization;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// <c>GET /api/log/receipts/{id}</c>: every leaf of a receipt's opaque id with its inclusion proof
/// against the current published checkpoint, so a customer's browser checks their answer with a few
/// hashes instead of the whole ledger. Everything in it is public (the files it is made from are), so
/// any site may read it.
/// </summary>
public sealed class LogReceiptsEndpoint(LogReceiptIndex index, PublishedLog log)
{
    private static readonly (string, string) AnyOrigin = ("Access-Control-Allow-Origin", "*");

    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return Refused(StatusCodes.Status400BadRequest, "A receipt is the 32 lowercase hexadecimal characters the thank-you page shows.");
        }

        var leaves = await index.FindAsync(id, cancellationToken);
        var entries = new List<LogReceiptEntry>();
        string text;
        try
        {
            var current = leaves.Count == 0 ? null : await log.CheckpointAsync(cancellationToken);
            var size = current?.Checkpoint.Size ?? 0L;
            text = current?.Text ?? "";
            var proved = leaves.Where(leaf => leaf < size).ToList();
            if (proved.Count == 0)
            {
                return Refused(StatusCodes.Status404NotFound, "This receipt is not in the log yet: answers are appended at the next refresh.");
            }

            var tree = log.Tree(size);

            // An id's leaves are often in one bundle (counted, then answered the same day): each is read once.
            var bundles = new Dictionary<long, IReadOnlyList<byte[]>?>();
            foreach (var leafIndex in proved)
            {
                var bundle = leafIndex / Tiles.Width;
                if (!bundles.TryGetValue(bundle, out var bundled))
                {
                    bundles[bundle] = bundled = await log.BundleAsync(bundle, size, cancellationToken);
                }

                var bytes = bundled is { } read && read.Count > leafIndex % Tiles.Width ? read[(int)(leafIndex % Tiles.Width)]
                    : throw new InvalidDataException($"Leaf {leafIndex.ToString(CultureInfo.InvariantCulture)} is not in its entry bundle.");
                var leaf = LogLeaf.Parse(bytes) ?? throw new InvalidDataException($"Leaf {leafIndex.ToString(CultureInfo.InvariantCulture)} is not a leaf.");
                entries.Add(new LogReceiptEntry(leafIndex, leaf, LogReceiptEntry.ProofText(bytes, leafIndex, await tree.InclusionProofAsync(leafIndex, cancellationToken), text)));
            }
        }
        catch (InvalidDataException)
        {
            // The checkpoint is published only after its tiles, so this is a container emptied or changed by hand (a damaged checkpoint too): the next refresh cannot mend it, but a retry after a republish can.
            return new HeaderResult(Problems.StorageUnavailable(), AnyOrigin);
        }

        return new HeaderResult(Results.Json(new LogReceipt(id, text, entries), CsatJson.Default.LogReceipt), AnyOrigin, ("Cache-Control", "public, max-age=5"));
    }

    private static HeaderResult Refused(int status, string detail) => new(Results.Problem(detail, statusCode: status), AnyOrigin);
}
