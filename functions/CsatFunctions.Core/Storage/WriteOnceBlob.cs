using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CsatFunctions.Storage;

/// <summary>
/// A create-only blob write (<c>If-None-Match: *</c>): what is there stays as first written, so writing
/// the same immutable file again, after a crash or by a second host, never fails and never rewrites it.
/// </summary>
public static class WriteOnceBlob
{
    /// <returns>Whether this call created the blob (false: it was already there).</returns>
    public static async Task<bool> CreateAsync(BlobClient blob, byte[] body, BlobHttpHeaders headers, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(
                new BinaryData(body),
                new BlobUploadOptions { HttpHeaders = headers, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <returns>The blob's stored bytes (as stored: a gzip-encoded blob stays compressed), or null when it is not there.</returns>
    public static async Task<byte[]?> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
