using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Helpdesks.Freshdesk;

/// <summary>
/// Freshdesk automation webhooks, which Freshdesk does not sign: the rule sends the configured secret
/// in an <c>X-Csat-Secret</c> header (over HTTPS), compared in constant time.
/// </summary>
public sealed class FreshdeskFormat : GenericBodyFormat
{
    public const string SecretHeader = "X-Csat-Secret";

    public override string Name => "freshdesk";

    public override string? LegacySecretSetting => "Csat__FreshdeskSecret";

    protected override IReadOnlyList<string> ResolvedStatuses { get; } = ["resolved", "closed"];

    public override string? CheckAuthenticity(string secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var given = headers[SecretHeader].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Utf8(given)), SHA256.HashData(Utf8(secret)))
            ? null
            : $"The {SecretHeader} header is missing or does not match the configured secret.";
    }

    public override string? DeliveryId(IHeaderDictionary headers) => null;
}
