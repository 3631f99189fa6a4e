namespace CsatFunctions.Ledger.Log.Witnesses;

/// <summary>What a witness answered one add-checkpoint (C2SP tlog-witness).</summary>
public abstract record WitnessAnswer
{
    /// <summary>200: the signature lines it returned, not yet checked against its key.</summary>
    public sealed record Cosigned(IReadOnlyList<NoteSignature> Signatures) : WitnessAnswer;

    /// <summary>409 with <c>text/x.tlog.size</c>: the old size sent is not the size it last cosigned, which is this.</summary>
    public sealed record Conflict(long Size) : WitnessAnswer;

    /// <summary>Any other answer: its status (403 the log's key unknown to it, 404 the log unknown, 422 a proof that does not verify…).</summary>
    public sealed record Refused(string Status) : WitnessAnswer;
}
