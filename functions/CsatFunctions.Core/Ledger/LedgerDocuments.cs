namespace CsatFunctions.Ledger;

/// <summary><c>ledger/index.json</c>: the days with entries, each with its file, its count and its last hash.</summary>
public sealed record LedgerIndex(int SchemaVersion, string Company, long Entries, string Head, IReadOnlyList<LedgerDay> Days);

/// <summary>One day's file (<c>ledger/{day}.jsonl</c>: one entry a line, in sequence order) and where it ends.</summary>
public sealed record LedgerDay(string Day, string File, long First, long Last, string LastHash);

/// <summary>
/// <c>ledger/checkpoint.json</c>: the chain's head, signed with the company's ECDSA P-256 key
/// (SHA-256; the signature is IEEE P1363, r‖s, base64, as browsers' Web Crypto reads it) over
/// <see cref="SignedText"/>. <c>Signature</c> is null when no signing key is configured.
/// </summary>
public sealed record LedgerCheckpoint(long Entries, string Head, string SignedAt, string? Signature)
{
    public string SignedText => $"csat-ledger-checkpoint|{Entries}|{Head}|{SignedAt}";
}
