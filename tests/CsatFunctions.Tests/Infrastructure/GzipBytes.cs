using System.IO.Compression;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>Gzip in memory, as the publisher stores entry bundles and as a reader undoes it; the one copy the log's tests share.</summary>
public static class GzipBytes
{
    public static byte[] Pack(byte[] bytes)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return packed.ToArray();
    }

    public static byte[] Unpack(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
