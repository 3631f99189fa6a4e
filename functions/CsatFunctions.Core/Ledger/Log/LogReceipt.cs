using System.Globalization;
using System.Text;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// What <c>GET /api/log/receipts/{id}</c> answers: the current signed checkpoint and, for each leaf of
/// the id, the leaf and its C2SP tlog-proof against that checkpoint.
/// </summary>
public sealed record LogReceipt(string Id, string Checkpoint, IReadOnlyList<LogReceiptEntry> Entries);

/// <summary>One leaf of a receipt: its index, its fields, and its proof.</summary>
public sealed record LogReceiptEntry(long Index, LogLeaf Leaf, string Proof)
{
    /// <summary>
    /// C2SP tlog-proof v1: the header, the leaf's bytes as <c>extra</c> (what a verifier hashes), the
    /// index, the inclusion proof a hash a line, a blank line, and the signed checkpoint verbatim.
    /// </summary>
    public static string ProofText(byte[] leaf, long index, IEnumerable<byte[]> proof, string checkpoint)
    {
        var text = new StringBuilder("c2sp.org/tlog-proof@v1\n")
            .Append("extra ").Append(Convert.ToBase64String(leaf)).Append('\n')
            .Append("index ").Append(index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in proof)
        {
            text.Append(Convert.ToBase64String(hash)).Append('\n');
        }

        return text.Append('\n').Append(checkpoint).ToString();
    }
}
