using System.Security.Cryptography;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// One batch of SendGrid's events being checked as it arrives: SHA-256 over the timestamp and the
/// body, fed a chunk at a time, then the ECDSA signature verified over that hash. Nothing of the body
/// is kept here, so an unproven caller costs a hash state, not its body's size.
/// </summary>
public sealed class SignedBatch : IDisposable
{
    private readonly IncrementalHash signed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] publicKey;
    private readonly byte[] der;

    internal SignedBatch(byte[] publicKey, byte[] der)
    {
        this.publicKey = publicKey;
        this.der = der;
    }

    public void Append(ReadOnlySpan<byte> chunk) => signed.AppendData(chunk);

    /// <returns>Null when the signature matches everything appended; otherwise why the batch is refused.</returns>
    public string? Refusal()
    {
        // An ECDsa instance is not safe to share between threads; importing a public key costs microseconds.
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        bool verifies;
        try
        {
            verifies = ecdsa.VerifyHash(signed.GetHashAndReset(), der, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            verifies = false;
        }

        return verifies ? null : $"The {EventWebhookKey.SignatureHeader} does not match the body under SendGrid__EventWebhookPublicKey.";
    }

    public void Dispose() => signed.Dispose();
}
