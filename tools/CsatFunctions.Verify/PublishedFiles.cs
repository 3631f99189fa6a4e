using System.IO.Compression;
using System.Net;

namespace CsatFunctions.Verify;

/// <summary>
/// The published files, from the static website (a URL) or a downloaded folder. Entry bundles are
/// stored gzip-compressed: HttpClient undoes the Content-Encoding, and in a folder an entry bundle
/// (<c>tile/entries/</c>) starting with the gzip magic (1f 8b) is one, since a plain bundle never starts
/// with it (its first byte is a length's high byte). A hash tile is never unzipped: one in 65,536 starts with 1f 8b.
/// </summary>
internal sealed class PublishedFiles : IDisposable
{
    private readonly string root;
    private readonly HttpClient? http;

    public PublishedFiles(string where)
    {
        IsUrl = where.Contains("://", StringComparison.Ordinal);
        root = IsUrl && !where.EndsWith('/') ? where + "/" : where;
        http = IsUrl
            ? new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip, MaxConnectionsPerServer = Parallelism })
            : null;
    }

    /// <summary>How many files are fetched at once.</summary>
    public const int Parallelism = 16;

    public bool IsUrl { get; }

    public string Root => root;

    /// <returns>The file's bytes, decompressed; null when it is not there.</returns>
    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (http is null)
        {
            var file = Path.Combine(root, path);
            if (!File.Exists(file))
            {
                return null;
            }

            var stored = await File.ReadAllBytesAsync(file, cancellationToken);
            return path.StartsWith("tile/entries/", StringComparison.Ordinal) ? Gunzipped(stored) : stored;
        }

        using var response = await http.GetAsync(new Uri(new Uri(root), path), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(cancellationToken));
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        await ReadAsync(path, cancellationToken) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public void Dispose() => http?.Dispose();

    private static byte[] Gunzipped(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream(bytes.Length * 4);
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
