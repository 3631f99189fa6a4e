using System.Security.Cryptography;

namespace CsatFunctions.Settings;

/// <summary>Keys given as settings: random bytes in base64, and the ledger's ECDSA P-256 signing key.</summary>
public static class KeySettings
{
    /// <summary>A key of at least <paramref name="minimumBytes"/> random bytes, in base64; required.</summary>
    public static byte[]? Key(this SettingsReader settings, string? base64, string name, int minimumBytes)
    {
        var rule = $"the base64 of at least {minimumBytes} random bytes (openssl rand -base64 32)";
        if (!settings.Require(base64 is not null, $"{name} is required: {rule}."))
        {
            return null;
        }

        var key = new byte[base64!.Length];
        return settings.Require(Convert.TryFromBase64String(base64, key, out var written) && written >= minimumBytes, $"{name} must be {rule}.")
            ? key[..written]
            : null;
    }

    /// <returns>The PKCS#8 DER of an ECDSA P-256 private key given in base64; null when it is not one.</returns>
    public static byte[]? EcdsaP256PrivateKey(string base64)
    {
        try
        {
            var der = Convert.FromBase64String(base64);
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(der, out _);
            return ecdsa.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value ? der : null;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
