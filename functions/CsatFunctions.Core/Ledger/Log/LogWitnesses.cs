using CsatFunctions.Ledger.Log.Witnesses;
using CsatFunctions.Storage;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// Asks each configured witness (<c>Csat__LogWitnesses</c>) to cosign a new checkpoint, per C2SP
/// tlog-witness add-checkpoint, all at once, each within <see cref="LogOptions.WitnessTimeout"/>, and
/// keeps only the cosignatures that verify with that witness's configured key. A witness that refuses,
/// is silent or unreachable is logged and left out of this checkpoint, and asked again at the next:
/// a witness never fails the refresh. A tree bigger than ours that a witness has cosigned is logged as an error.
/// </summary>
public sealed class LogWitnesses(CsatOptions options, WitnessExchange exchange, WitnessSizes sizes, TimeProvider time, ILogger<LogWitnesses> logger)
{
    /// <param name="checkpoint">The checkpoint as the log signed it; called only when the tree has grown.</param>
    /// <param name="consistencyProofFrom">The consistency proof from an older tree size to the checkpoint's.</param>
    /// <returns>The witnesses' cosignatures that verify, to publish after the log's own signature.</returns>
    public async Task<IReadOnlyList<NoteSignature>> CosignAsync(
        SignedNote checkpoint,
        Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> consistencyProofFrom,
        CancellationToken cancellationToken)
    {
        if (options.Log.Witnesses.Count == 0 || LogCheckpoint.Parse(checkpoint.Text) is not { } head)
        {
            return [];
        }

        var asked = options.Log.Witnesses.Select(witness => AskAsync(witness, checkpoint, head, consistencyProofFrom, cancellationToken)).ToList();
        return [.. (await Task.WhenAll(asked)).SelectMany(cosignatures => cosignatures)];
    }

    private async Task<IReadOnlyList<NoteSignature>> AskAsync(
        LogWitness witness, SignedNote checkpoint, LogCheckpoint head, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom, CancellationToken cancellationToken)
    {
        // Yields first, so that no witness's start holds up the others'.
        await Task.Yield();
        using var timeout = new CancellationTokenSource(options.Log.WitnessTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await ExchangeAsync(witness, checkpoint, head, proofFrom, linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Witness {Witness} ({Host}) did not answer within {Timeout}: checkpoint {Size} is published without its cosignature; it is asked again at the next checkpoint.", witness.Key.Name, witness.SubmissionPrefix.Host, options.Log.WitnessTimeout, head.Size);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The error's kind, not its message, which may hold the URL.
            var error = ex is HttpRequestException request ? request.HttpRequestError.ToString() : "the answer broke off";
            logger.LogWarning("Witness {Witness} ({Host}) could not be reached ({Error}): checkpoint {Size} is published without its cosignature; it is asked again at the next checkpoint.", witness.Key.Name, witness.SubmissionPrefix.Host, error, head.Size);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning("Witness {Witness} ({Host}) was not asked: storage failed reading its last size or the consistency proof ({Error}); it is asked again at the next checkpoint.", witness.Key.Name, witness.SubmissionPrefix.Host, ex.GetType().Name);
        }

        return [];
    }

    /// <param name="cancellationToken">The refresh's token with the witness's timeout: for the exchange.</param>
    /// <param name="callerToken">The refresh's own: for remembering a size already cosigned.</param>
    private async Task<IReadOnlyList<NoteSignature>> ExchangeAsync(
        LogWitness witness, SignedNote checkpoint, LogCheckpoint head, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom, CancellationToken cancellationToken, CancellationToken callerToken)
    {
        var oldSize = await sizes.ReadAsync(head.Origin, witness, cancellationToken);
        if (oldSize > head.Size)
        {
            return BiggerTree(witness, oldSize, head);
        }

        var answer = await PostAsync(witness, oldSize, checkpoint, head, proofFrom, cancellationToken);
        if (answer is WitnessAnswer.Conflict conflict)
        {
            if (conflict.Size > head.Size)
            {
                return BiggerTree(witness, conflict.Size, head);
            }

            // Its state, not ours, is the old size (a first request, a lost row, a checkpoint another instance sent): once more from it.
            logger.LogInformation("Witness {Witness} last cosigned size {WitnessSize}, not {OldSize}: asking again with a proof from its size.", witness.Key.Name, conflict.Size, oldSize);
            await RememberAsync(witness, head.Origin, conflict.Size, cancellationToken);
            answer = await PostAsync(witness, conflict.Size, checkpoint, head, proofFrom, cancellationToken);
        }

        if (answer is not WitnessAnswer.Cosigned cosigned)
        {
            var status = answer is WitnessAnswer.Refused refused ? refused.Status : "409 twice";
            logger.LogWarning("Witness {Witness} ({Host}) answered {Status} to checkpoint {Size}: published without its cosignature; it is asked again at the next checkpoint.", witness.Key.Name, witness.SubmissionPrefix.Host, status, head.Size);
            return [];
        }

        // Verified before the table write, which is given the refresh's token, not the witness's timeout:
        // a timeout while remembering must not drop a cosignature already in hand.
        var verified = Verified(witness, checkpoint, head, cosigned.Signatures);

        // It recorded the checkpoint (200 says so), whatever it signed: the next request starts from here.
        await RememberAsync(witness, head.Origin, head.Size, callerToken);
        return verified;
    }

    /// <summary>A size not remembered costs the next request one 409, never this cosignature.</summary>
    private async Task RememberAsync(LogWitness witness, string origin, long size, CancellationToken cancellationToken)
    {
        try
        {
            await sizes.WriteAsync(origin, witness, size, cancellationToken);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning("Could not remember that witness {Witness} cosigned size {Size} ({Error}): its next request may be answered 409 first.", witness.Key.Name, size, ex.GetType().Name);
        }
    }

    private async Task<WitnessAnswer> PostAsync(
        LogWitness witness, long oldSize, SignedNote checkpoint, LogCheckpoint head, Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> proofFrom, CancellationToken cancellationToken)
    {
        // From the empty tree, or to the same tree, the proof is empty (tlog-witness).
        var proof = oldSize == 0 || oldSize == head.Size ? [] : await proofFrom(oldSize, cancellationToken);
        return await exchange.AddCheckpointAsync(witness, oldSize, proof, checkpoint, cancellationToken);
    }

    /// <summary>The witness's first cosignature that verifies over the checkpoint; lines of other keys are ignored, forged ones refused.</summary>
    private List<NoteSignature> Verified(LogWitness witness, SignedNote checkpoint, LogCheckpoint head, IReadOnlyList<NoteSignature> signatures)
    {
        var its = signatures.Where(witness.Key.Matches).ToList();
        var valid = its.Where(signature => witness.Key.Verifies(checkpoint.Text, signature)).ToList();
        if (valid.Count < its.Count)
        {
            logger.LogWarning("Witness {Witness} ({Host}) returned a cosignature of checkpoint {Size} that does not verify with its configured key: refused, not published.", witness.Key.Name, witness.SubmissionPrefix.Host, head.Size);
        }
        else if (its.Count == 0)
        {
            logger.LogWarning("Witness {Witness} ({Host}) answered checkpoint {Size} without a cosignature from its configured key (name and key ID): is its vkey in Csat__LogWitnesses current?", witness.Key.Name, witness.SubmissionPrefix.Host, head.Size);
        }

        if (valid.Count > 0)
        {
            logger.LogInformation("Witness {Witness} cosigned checkpoint {Size}.", witness.Key.Name, head.Size);
        }

        return [.. valid.Take(1)];
    }

    /// <summary>A witness has cosigned a bigger tree of this log than ours: the log lost entries or someone else signs in its name.</summary>
    private List<NoteSignature> BiggerTree(LogWitness witness, long witnessSize, LogCheckpoint head)
    {
        logger.LogError("Witness {Witness} ({Host}) has cosigned a tree of {WitnessSize} entries of this log ({Origin}), bigger than ours of {Size}: the log has lost entries or another signer uses its key. Find out before anything else.", witness.Key.Name, witness.SubmissionPrefix.Host, witnessSize, head.Origin, head.Size);
        return [];
    }
}
