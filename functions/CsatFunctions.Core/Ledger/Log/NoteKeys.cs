using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The log's Ed25519 signing key for signed notes (signature type 0x01). Its text form is the one Go's
/// golang.org/x/mod/sumdb/note reads and writes, <c>PRIVATE+KEY+{name}+{key ID, hex}+{base64(0x01 || 32-byte seed)}</c>,
/// so keys made by either tool work in both.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    public const byte Ed25519 = 0x01;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key key;

    private NoteSigner(string name, byte[] seed)
    {
        Name = name;
        key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = NoteSignature.KeyIdOf(name, Ed25519, PublicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    public byte[] PublicKey { get; }

    /// <summary><c>{name}+{key ID}+{base64(0x01 || public key)}</c>: what verifiers are configured with.</summary>
    public string VerifierKey => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Ed25519, .. PublicKey])}";

    public string PrivateKeyText => $"PRIVATE+KEY+{Name}+{KeyId:x8}+{Convert.ToBase64String([Ed25519, .. key.Export(KeyBlobFormat.RawPrivateKey)])}";

    public static NoteSigner FromSeed(string name, byte[] seed) => new(name, seed);

    public static NoteSigner Generate(string name) => new(name, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <returns>The signer, or null when the text is not an Ed25519 note signing key whose ID matches it.</returns>
    public static NoteSigner? Parse(string text)
    {
        // The key's base64 may hold '+' itself: only the first four separate fields, as in Go's note.NewSigner.
        var parts = text.Trim().Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" || parts[2].Length == 0
            || !uint.TryParse(parts[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id) || parts[3].Length != 8)
        {
            return null;
        }

        var bytes = new byte[parts[4].Length];
        if (!Convert.TryFromBase64String(parts[4], bytes, out var length) || length != 33 || bytes[0] != Ed25519)
        {
            return null;
        }

        var signer = new NoteSigner(parts[2], bytes[1..33]);
        return signer.KeyId == id ? signer : null;
    }

    public NoteSignature Sign(string text) => new(Name, KeyId, Algorithm.Sign(key, Encoding.UTF8.GetBytes(text)));

    public void Dispose() => key.Dispose();
}

/// <summary>
/// A key that verifies signed-note signatures, from its vkey <c>{name}+{key ID}+{base64(type || public key)}</c>:
/// type 0x01 the log's own Ed25519 signature, type 0x04 a witness's timestamped Ed25519 cosignature
/// (C2SP tlog-cosignature v1: the witness signs <c>cosignature/v1\ntime {t}\n</c> and the checkpoint).
/// </summary>
public sealed record NoteVerifier(string Name, uint KeyId, byte Type, byte[] PublicKey)
{
    public const byte Cosignature = 0x04;

    public string VerifierKey => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Type, .. PublicKey])}";

    /// <returns>The verifier, or null when the text is not an Ed25519 (0x01) or cosignature (0x04) vkey whose ID matches it.</returns>
    public static NoteVerifier? Parse(string vkey)
    {
        // The key's base64 may hold '+' itself: only the first two separate fields, as in Go's note.NewVerifier.
        var parts = vkey.Trim().Split('+', 3);
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var bytes = new byte[parts[2].Length];
        if (!Convert.TryFromBase64String(parts[2], bytes, out var length) || length != 33 || bytes[0] is not (NoteSigner.Ed25519 or Cosignature))
        {
            return null;
        }

        var verifier = new NoteVerifier(parts[0], id, bytes[0], bytes[1..33]);
        return NoteSignature.KeyIdOf(verifier.Name, verifier.Type, verifier.PublicKey) == id ? verifier : null;
    }

    /// <summary>Whether the signature line is this key's (same name and ID): only then is it verified.</summary>
    public bool Matches(NoteSignature signature) => signature.Name == Name && signature.KeyId == KeyId;

    /// <summary>Whether <paramref name="signature"/>, one of this key's, signs <paramref name="text"/>.</summary>
    public bool Verifies(string text, NoteSignature signature)
    {
        if (!Matches(signature) || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey, out var key))
        {
            return false;
        }

        if (Type == NoteSigner.Ed25519)
        {
            return signature.Signature.Length == 64 && SignatureAlgorithm.Ed25519.Verify(key!, Encoding.UTF8.GetBytes(text), signature.Signature);
        }

        // tlog-cosignature: the timestamp is a positive POSIX time that fits a signed 64-bit integer.
        return signature.Signature.Length == 72
            && CosignedAt(signature) is > 0 and < 1UL << 63
            && SignatureAlgorithm.Ed25519.Verify(key!, Encoding.UTF8.GetBytes(CosignedMessage(text, CosignedAt(signature))), signature.Signature.AsSpan(8));
    }

    /// <summary>A cosignature's timestamp (POSIX seconds).</summary>
    public static ulong CosignedAt(NoteSignature signature) => BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);

    /// <summary>What a witness signs: the header line, the time line, and the checkpoint's note text.</summary>
    public static string CosignedMessage(string text, ulong timestamp) => $"cosignature/v1\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{text}";
}
