using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace CsatFunctions.Ledger;

/// <summary>
/// One entry of the public ledger: the UTC resolution day, the survey's opaque id, what happened
/// (<c>counted</c> or <c>answered</c>), the answer's bucket and number, and the hash of the entry
/// before it. Nothing else: no name, address, comment, agent or time finer than the day.
/// </summary>
public sealed record LedgerEntry(
    long Seq,
    string Day,
    string Id,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Bucket,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scale,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Value,
    string Prev,
    string Hash)
{
    public const string Counted = "counted";
    public const string Answered = "answered";

    /// <summary>The survey's opaque public id: a keyed hash, unlinkable to the survey, ticket or person without <c>Csat__LedgerKey</c>.</summary>
    public static string IdOf(byte[] ledgerKey, string surveyId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(ledgerKey, Encoding.UTF8.GetBytes(surveyId)))[..32];

    /// <summary>The hash before the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>SHA-256 (lowercase hex) of the entry's fields joined by <c>|</c>, in this order: what the verifiers recompute.</summary>
    public static string HashOf(long seq, string day, string id, string kind, string? bucket, string? scale, int? value, string prev) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|',
            seq.ToString(CultureInfo.InvariantCulture), day, id, kind, bucket ?? "", scale ?? "", value?.ToString(CultureInfo.InvariantCulture) ?? "", prev))));

    public static LedgerEntry Chain(long seq, string day, string id, string kind, string? bucket, string? scale, int? value, string prev) =>
        new(seq, day, id, kind, bucket, scale, value, prev, HashOf(seq, day, id, kind, bucket, scale, value, prev));

    /// <summary>Whether the entry's hash is what its fields give.</summary>
    public bool IsIntact => Hash == HashOf(Seq, Day, Id, Kind, Bucket, Scale, Value, Prev);
}

/// <summary>Something that happened to a survey, waiting to be appended: its key makes it happen once.</summary>
public sealed record LedgerEvent(string Key, DateTimeOffset At, string Day, string SurveyId, string Kind, string? Bucket, string? Scale, int? Value);
