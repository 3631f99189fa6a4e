using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Ledger.Log.Witnesses;

/// <summary>
/// The size of the last checkpoint each witness cosigned for this log, in the Ledger table, so the
/// next add-checkpoint starts from it (C2SP tlog-witness: the old size must be the witness's) after a
/// restart too. A size lost or wrong costs one 409 round trip, which tells the witness's own size.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "Witnesses' public key names and tree sizes.")]
public sealed class WitnessSizes(CsatStorage storage) : IProvisioned
{
    private const string Partition = "witnesses";

    private readonly TableClient table = storage.Table("Ledger");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    /// <returns>The size the witness last cosigned for <paramref name="origin"/>, 0 when it never did.</returns>
    public async Task<long> ReadAsync(string origin, LogWitness witness, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(origin, witness), select: ["Size"], cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetInt64("Size") ?? 0 : 0;
    }

    public async Task WriteAsync(string origin, LogWitness witness, long size, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(Partition, RowKey(origin, witness)) { ["Size"] = size, ["Witness"] = witness.Key.Name, ["Origin"] = origin },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Witness names hold <c>/</c>, which a row key may not: the row is named by a hash of the log and the witness's vkey.</summary>
    private static string RowKey(string origin, LogWitness witness) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{origin}\n{witness.Key.VerifierKey}")))[..32];
}
