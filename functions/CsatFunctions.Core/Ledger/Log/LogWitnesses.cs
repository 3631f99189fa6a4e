using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// Asks each configured witness (<c>Csat__LogWitnesses</c>) to cosign a new checkpoint, per C2SP
/// tlog-witness, and keeps only the cosignatures that verify with that witness's configured key.
/// </summary>
public sealed class LogWitnesses(CsatOptions options, ILogger<LogWitnesses> logger)
{
    /// <param name="checkpoint">The checkpoint as the log signed it.</param>
    /// <param name="consistencyProofFrom">The consistency proof from an older tree size to the checkpoint's.</param>
    /// <returns>The witnesses' cosignatures that verify, to publish after the log's own signature.</returns>
    public Task<IReadOnlyList<NoteSignature>> CosignAsync(
        SignedNote checkpoint,
        Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> consistencyProofFrom,
        CancellationToken cancellationToken)
    {
        if (options.Log.Witnesses.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<NoteSignature>>([]);
        }

        // TODO(helper B): add-checkpoint to each witness.
        logger.LogDebug("Witnesses are not asked yet.");
        throw new NotImplementedException();
    }
}
