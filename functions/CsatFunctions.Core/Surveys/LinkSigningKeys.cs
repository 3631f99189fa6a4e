using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Surveys;

/// <summary>
/// The keys that sign rating links: the current one signs, and it and any previous ones verify, so
/// a key can be rotated without breaking links already in customers' inboxes. Each key is known by
/// an id derived from it, which the link carries.
/// </summary>
public sealed class LinkSigningKeys
{
    public const int MinimumKeyBytes = 32;

    private readonly List<(string Id, byte[] Key)> keys;

    public LinkSigningKeys(byte[] current, IEnumerable<byte[]>? previous = null)
    {
        keys = [.. new[] { current }.Concat(previous ?? []).Select(key => (IdOf(key), key))];
        if (keys.Any(k => k.Key.Length < MinimumKeyBytes))
        {
            throw new ArgumentException($"Link signing keys must be at least {MinimumKeyBytes} bytes.");
        }
    }

    public string CurrentId => keys[0].Id;

    public byte[] Current => keys[0].Key;

    public byte[]? Find(string id) => keys.FirstOrDefault(k => k.Id == id).Key;

    private static string IdOf(byte[] key)
    {
        var hash = SHA256.HashData([.. Encoding.ASCII.GetBytes("csat-link-key-id:"), .. key]);
        return Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }
}
