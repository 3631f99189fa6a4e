using System.Text.Json;
using System.Text.Json.Serialization;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// A leaf of the log: one ledger entry as compact JSON, <c>{"day","id","kind"}</c> and, for an answer,
/// <c>"bucket","scale"</c> and (on 1–5 and 0–10) <c>"value"</c>, in that order, nothing else. Leaf i is
/// the chain's entry i + 1. Its bytes, as stored in the entry bundle, are what is hashed.
/// </summary>
public sealed record LogLeaf(
    string Day,
    string Id,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Bucket,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Value)
{
    public static LogLeaf Of(LedgerEntry entry) => new(entry.Day, entry.Id, entry.Kind, entry.Bucket, entry.Scale, entry.Value);

    public byte[] Bytes() => JsonSerializer.SerializeToUtf8Bytes(this, CsatJson.Default.LogLeaf);

    /// <returns>The leaf, or null when the bytes are not one.</returns>
    public static LogLeaf? Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, CsatJson.Default.LogLeaf) is { Day.Length: > 0, Id.Length: > 0, Kind.Length: > 0 } leaf ? leaf : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
