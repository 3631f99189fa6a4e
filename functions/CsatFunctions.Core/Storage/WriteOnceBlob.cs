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
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobAlreadyExists || ex.ErrorCode == BlobErrorCode.ConditionNotMet)
        {
            // Only these mean "already there": another 409 (a lease, a container being deleted) is a failure to write.
            return false;
        }
    }

    /// <returns>The blob's stored bytes (as stored: a gzip-encoded blob stays compressed), or null when it is not there.</returns>
    public static async Task<byte[]?> ReadAsync(BlobClient blob, CancellationToken cancellationToken) =>
        (await ReadStoredAsync(blob, cancellationToken))?.Content;

    /// <returns>The blob's stored bytes, <c>Content-Encoding</c> and ETag (for a write conditional on what was read), or null when it is not there.</returns>
    public static async Task<(byte[] Content, string? ContentEncoding, ETag ETag)?> ReadStoredAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var stored = (await blob.DownloadContentAsync(cancellationToken)).Value;
            return (stored.Content.ToArray(), stored.Details.ContentEncoding, stored.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
