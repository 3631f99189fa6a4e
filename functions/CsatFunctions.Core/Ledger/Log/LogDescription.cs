namespace CsatFunctions.Ledger.Log;

/// <summary>log.json: the log's name, its key, the witnesses whose cosignatures it publishes, and where receipts' proofs are served.</summary>
public sealed record LogDescription(string Origin, string Key, IReadOnlyList<string> Witnesses, string Receipts);
