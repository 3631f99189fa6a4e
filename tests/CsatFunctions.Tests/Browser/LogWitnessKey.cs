using System.Buffers.Binary;
using System.Text;
using CsatFunctions.Ledger.Log;
using NSec.Cryptography;

namespace CsatFunctions.Tests.Browser;

/// <summary>A witness's Ed25519 cosigning key (C2SP tlog-cosignature v1, vkey type 0x04).</summary>
public sealed class LogWitnessKey
{
    private readonly Key key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public LogWitnessKey(string name)
    {
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Verifier = new NoteVerifier(name, NoteSignature.KeyIdOf(name, NoteVerifier.Cosignature, publicKey), NoteVerifier.Cosignature, publicKey);
    }

    public NoteVerifier Verifier { get; }

    /// <summary>The cosignature line's signature: the timestamp (8 bytes, big-endian), then the Ed25519 signature of the cosigned message.</summary>
    public NoteSignature Cosign(string checkpointText, ulong timestamp)
    {
        var signature = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64BigEndian(signature, timestamp);
        SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(NoteVerifier.CosignedMessage(checkpointText, timestamp)), signature.AsSpan(8));
        return new NoteSignature(Verifier.Name, Verifier.KeyId, signature);
    }
}
