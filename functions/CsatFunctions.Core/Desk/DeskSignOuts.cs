using System.Security.Cryptography;
using Azure.Data.Tables;
using CsatFunctions.Storage;

namespace CsatFunctions.Desk;

/// <summary>
/// The revocation epoch of each role's desk sessions: a cookie carries the epoch it was issued in and
/// counts only while that is still the role's epoch. Signing out draws a new one, which ends every
/// session of that role on every instance (the cookie is signed, not stored, so this is how the
/// server forgets a copy of it). An unset epoch is <c>0</c>.
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "One sign-out epoch per desk role.")]
public sealed class DeskSignOuts(CsatStorage storage) : IProvisioned
{
    private const string PartitionKey = "epoch";
    private const string Unset = "0";
    private readonly TableClient table = storage.Table("DeskSignOuts");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<string> EpochAsync(DeskRole role, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, role.ToString(), select: ["Epoch"], cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value!.GetString("Epoch") ?? Unset : Unset;
    }

    /// <summary>
    /// A random epoch rather than a counter: two sign-outs at once need no concurrency check, since
    /// whichever lands last, neither earlier epoch is the current one.
    /// </summary>
    public async Task SignOutAllAsync(DeskRole role, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(PartitionKey, role.ToString()) { ["Epoch"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) },
            TableUpdateMode.Replace,
            cancellationToken);
}
