using System.Globalization;

namespace CsatFunctions.Ledger.Log;

/// <summary>
/// The note text of a C2SP tlog-checkpoint: the log's origin, the tree size and the RFC 9162 root hash
/// (base64), a line each. Signed, it is the log's <c>checkpoint</c> file.
/// </summary>
public sealed record LogCheckpoint(string Origin, long Size, byte[] RootHash)
{
    public string Text => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";

    /// <returns>The checkpoint of a note's text, or null when the text is not one.</returns>
    public static LogCheckpoint? Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[^1] != "" || lines[0].Length == 0
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || size.ToString(CultureInfo.InvariantCulture) != lines[1])
        {
            return null;
        }

        var root = new byte[MerkleTree.HashSize + 3];
        return Convert.TryFromBase64String(lines[2], root, out var length) && length == MerkleTree.HashSize
            ? new LogCheckpoint(lines[0], size, root[..length])
            : null;
    }
}
