using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;

namespace CsatFunctions.Verify;

/// <summary>
/// The published files, from the static website (a URL) or a downloaded folder. Entry bundles
/// (<c>tile/entries/…</c>) are stored gzip-compressed: HttpClient undoes the Content-Encoding, and a bundle
/// that still starts with the gzip magic (1f 8b: a folder, or a mirror serving the stored bytes as they are)
/// is unzipped here; a leaf bundle never starts with it (its first byte is a leaf length's high byte).
/// Only bundles: a hash tile is raw hashes and starts with 1f 8b once in 65,536.
/// </summary>
internal sealed class PublishedFiles : IDisposable
{
    private const string EntryBundles = "tile/entries/";

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
    /// <exception cref="UnreadableFileException">The site failed or timed out, or a bundle is not valid gzip.</exception>
    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await FetchAsync(path, cancellationToken);
            return bytes is not null && path.StartsWith(EntryBundles, StringComparison.Ordinal) ? Gunzipped(bytes) : bytes;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or IOException)
        {
            throw new UnreadableFileException(path, ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnreadableFileException(path, $"no answer within {http!.Timeout.TotalSeconds:N0} s.", ex);
        }
    }

    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken) =>
        await ReadAsync(path, cancellationToken) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public void Dispose() => http?.Dispose();

    private async Task<byte[]?> FetchAsync(string path, CancellationToken cancellationToken)
    {
        if (http is null)
        {
            var file = Path.Combine(root, path);
            return File.Exists(file) ? await File.ReadAllBytesAsync(file, cancellationToken) : null;
        }

        using var response = await http.GetAsync(new Uri(new Uri(root), path), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private static byte[] Gunzipped(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream(bytes.Length * 4);
        gzip.CopyTo(plain);

        // GZipStream ends quietly where a cut file ends; the trailer's ISIZE (the length mod 2^32) says it was cut.
        return bytes.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(^4)) == (uint)plain.Length
            ? plain.ToArray()
            : throw new InvalidDataException("not a whole gzip file (cut short or corrupt).");
    }
}
