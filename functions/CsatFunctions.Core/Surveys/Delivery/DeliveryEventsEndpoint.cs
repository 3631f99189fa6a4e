using System.Globalization;
using System.Security.Cryptography;
using CsatFunctions.Storage;
using CsatFunctions.Telemetry;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// <c>POST /api/sendgrid/events</c>: SendGrid's signed Event Webhook. A verified batch is stored and
/// queued before the 200, so the answer takes two storage writes whatever the batch's size (up to
/// SendGrid's 10,000 events), and an acknowledged event is never lost; the queue applies it.
/// Until a caller has proved the signature it costs little: its headers are checked before its body
/// is read, the body goes through the signature's hash into a temporary file rather than memory, and
/// only <see cref="MaxUnverifiedBodies"/> bodies are received at once (more are answered 429 with
/// Retry-After, which SendGrid retries). Only a verified body is parsed, from that file.
/// </summary>
public sealed class DeliveryEventsEndpoint(SendGridOptions sendGrid, DeliveryEventBatches batches, JsonQueue<DeliveryEventsMessage> queue, CsatMetrics metrics, TimeProvider time) : IDisposable
{
    /// <summary>10,000 events of about a kilobyte each, with room to spare.</summary>
    public const int MaxBodyBytes = 24 * 1024 * 1024;

    /// <summary>SendGrid posts a few batches at a time; this many in flight is plenty, and bounds the temporary files.</summary>
    public const int MaxUnverifiedBodies = 4;

    /// <summary>Seconds a caller turned away while the receiving slots are full waits before retrying.</summary>
    public const int BusyRetryAfterSeconds = 5;

    private readonly SemaphoreSlim receiving = new(MaxUnverifiedBodies, MaxUnverifiedBodies);

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (sendGrid.EventWebhookKey is not { } key)
        {
            return Problems.Unauthorized("SendGrid's events are refused until SendGrid__EventWebhookPublicKey is configured.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        if (key.Begin(request.Headers, time.GetUtcNow(), out var signed) is { } refusal)
        {
            return Problems.Unauthorized(refusal);
        }

        using (signed)
        {
            if (!receiving.Wait(0, CancellationToken.None))
            {
                return new HeaderResult(
                    Results.Problem("Too many batches are being received at once; nothing was accepted. Retry after the time in Retry-After.", statusCode: StatusCodes.Status429TooManyRequests),
                    ("Retry-After", BusyRetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
            }

            await using var file = TemporaryFile();
            byte[]? sha256;
            try
            {
                sha256 = await ReceiveAsync(request.Body, signed!, file, cancellationToken);
                if (sha256 is null)
                {
                    return Problems.TooLarge(MaxBodyBytes);
                }

                if (signed!.Refusal() is { } mismatch)
                {
                    return Problems.Unauthorized(mismatch);
                }
            }
            finally
            {
                receiving.Release();
            }

            file.Position = 0;
            if (await DeliveryEventReader.CountEventsAsync(file, cancellationToken) is not { } count)
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Must be a JSON array of events."] }, "Nothing was accepted.");
            }

            if (count > 0)
            {
                file.Position = 0;
                var name = await batches.StoreAsync(file, sha256, cancellationToken);
                await queue.EnqueueAsync(new DeliveryEventsMessage(name), null, cancellationToken);
                metrics.DeliveryEventsReceived(count);
            }

            return Results.Json(new DeliveryEventsAnswer(count), CsatJson.Default.DeliveryEventsAnswer);
        }
    }

    public void Dispose() => receiving.Dispose();

    /// <summary>Copies the body into <paramref name="file"/>, through the signature's hash and the hash that names the batch.</summary>
    /// <returns>The body's SHA-256, or null when it is over <see cref="MaxBodyBytes"/> (Content-Length is not trusted).</returns>
    private static async Task<byte[]?> ReceiveAsync(Stream body, SignedBatch signed, FileStream file, CancellationToken cancellationToken)
    {
        using var named = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxBodyBytes)
            {
                return null;
            }

            signed.Append(chunk.AsSpan(0, read));
            named.AppendData(chunk.AsSpan(0, read));
            await file.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return named.GetHashAndReset();
    }

    /// <summary>Deleted when closed; nothing of it outlives the request.</summary>
    private static FileStream TemporaryFile() => new(
        Path.Combine(Path.GetTempPath(), $"csat-events-{Guid.NewGuid():N}.json"),
        FileMode.CreateNew,
        FileAccess.ReadWrite,
        FileShare.None,
        bufferSize: 64 * 1024,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}

/// <summary>What a verified batch is answered with: how many events were taken in.</summary>
public sealed record DeliveryEventsAnswer(int Received);
