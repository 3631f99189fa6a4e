using System.Buffers.Binary;
using System.Text;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// A C2SP signed note: a text ending in a newline, a blank line, then one signature line or more,
/// <c>— {key name} {base64(key ID || signature)}</c>. The text is what is signed, newline included.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>The em dash (U+2014) and space that start a signature line.</summary>
    public const string SignaturePrefix = "\u2014 ";

    public override string ToString() => Text + "\n" + string.Concat(Signatures.Select(signature => signature.Line));

    /// <returns>The note, or null when it is not one (no blank line, no signature, a malformed line, a control character).</returns>
    public static SignedNote? Parse(string note)
    {
        if (note.Any(c => c < ' ' && c != '\n') || !note.EndsWith('\n'))
        {
            return null;
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var signatures = new List<NoteSignature>();
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (NoteSignature.Parse(line) is not { } signature)
            {
                return null;
            }

            signatures.Add(signature);
        }

        return signatures.Count == 0 ? null : new SignedNote(note[..(split + 1)], signatures);
    }
}

/// <summary>One signature line: the key's name and ID, and the signature's bytes after the ID.</summary>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature)
{
    public string Line
    {
        get
        {
            var bytes = new byte[4 + Signature.Length];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, KeyId);
            Signature.CopyTo(bytes, 4);
            return $"{SignedNote.SignaturePrefix}{Name} {Convert.ToBase64String(bytes)}\n";
        }
    }

    /// <summary>A line without its newline; null when it is not a signature line.</summary>
    public static NoteSignature? Parse(string line)
    {
        if (!line.StartsWith(SignedNote.SignaturePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line[SignedNote.SignaturePrefix.Length..].Split(' ');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[0].Contains('+', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], bytes, out var length) || length < 5)
        {
            return null;
        }

        return new NoteSignature(parts[0], BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..length]);
    }

    /// <summary>SHA-256(name || 0x0A || type || public key)[:4], big-endian: the key ID the specs recommend.</summary>
    public static uint KeyIdOf(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        var input = new List<byte>(Encoding.UTF8.GetBytes(name)) { (byte)'\n', type };
        input.AddRange(publicKey.ToArray());
        return BinaryPrimitives.ReadUInt32BigEndian(System.Security.Cryptography.SHA256.HashData(input.ToArray()));
    }
}
