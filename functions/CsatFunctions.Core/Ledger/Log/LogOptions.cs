namespace CsatFunctions.Ledger.Log;

/// <summary>The transparency log's identity, key and witnesses (<see cref="LogSettings"/> reads them).</summary>
public sealed record LogOptions
{
    /// <summary>The default time a witness has to answer before the checkpoint is published without its cosignature.</summary>
    public static readonly TimeSpan DefaultWitnessTimeout = TimeSpan.FromSeconds(5);

    /// <summary><c>Csat__LogOrigin</c>: the checkpoint's first line, the log's name (default: the published files' address without its scheme).</summary>
    public string Origin { get; init; } = "localhost/csat";

    /// <summary><c>Csat__LogSigningKey</c>: signs the checkpoint (default: derived from <c>Csat__LedgerKey</c>); its name is the origin.</summary>
    public NoteSigner SigningKey { get; init; } = NoteSigner.Generate("localhost/csat");

    /// <summary><c>Csat__LogWitnesses</c>: the witnesses asked to cosign each new checkpoint, and whose cosignatures alone are published.</summary>
    public IReadOnlyList<LogWitness> Witnesses { get; init; } = [];

    /// <summary><c>Csat__LogWitnessTimeout</c>: how long a witness has to answer.</summary>
    public TimeSpan WitnessTimeout { get; init; } = DefaultWitnessTimeout;
}

/// <summary>A witness: its cosigning key (a type 0x04 vkey) and where it takes checkpoints (C2SP tlog-witness <c>add-checkpoint</c>).</summary>
public sealed record LogWitness(NoteVerifier Key, Uri SubmissionPrefix)
{
    public Uri AddCheckpoint => new(SubmissionPrefix.AbsoluteUri.TrimEnd('/') + "/add-checkpoint");
}
