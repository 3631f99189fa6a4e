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

    /// <returns>The leaf, or null when the bytes are not one: not a JSON object of these fields, a field twice, of the wrong type, or another field.</returns>
    /// <remarks>Read with the reader, not the serializer: a full audit parses every leaf of the log once, cold, and this costs a third of it.</remarks>
    public static LogLeaf? Parse(ReadOnlySpan<byte> bytes)
    {
        string? day = null, id = null, kind = null, bucket = null, scale = null;
        int? value = null;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var (isDay, isId, isKind, isBucket, isScale, isValue) = (reader.ValueTextEquals("day"u8), reader.ValueTextEquals("id"u8), reader.ValueTextEquals("kind"u8), reader.ValueTextEquals("bucket"u8), reader.ValueTextEquals("scale"u8), reader.ValueTextEquals("value"u8));
                if (!reader.Read() || (isDay && day is not null) || (isId && id is not null) || (isKind && kind is not null) || (isBucket && bucket is not null) || (isScale && scale is not null) || (isValue && value is not null))
                {
                    return null;
                }

                if (isValue)
                {
                    value = reader.GetInt32();
                    continue;
                }

                // Every other field is text; a field of another name or type makes it no leaf.
                var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (text is null || !(isDay || isId || isKind || isBucket || isScale))
                {
                    return null;
                }

                if (isDay)
                {
                    day = text;
                }
                else if (isId)
                {
                    id = text;
                }
                else if (isKind)
                {
                    kind = text;
                }
                else if (isBucket)
                {
                    bucket = text;
                }
                else
                {
                    scale = text;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && day is { Length: > 0 } && id is { Length: > 0 } && kind is { Length: > 0 }
                ? new LogLeaf(day, id, kind, bucket, scale, value)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
