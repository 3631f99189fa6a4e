using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Surveys;

/// <summary>What a caller who has not proved SendGrid's signature can cost the host: a few bodies at a time, none held in memory.</summary>
public sealed class UnverifiedEventBodiesTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const int DeclaredBodyBytes = 4 * 1024 * 1024;

    [Fact]
    public async Task Only_a_few_unverified_bodies_are_received_at_once_the_rest_are_told_to_retry_and_a_valid_batch_works_after()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stalled = Enumerable.Range(0, DeliveryEventsEndpoint.MaxUnverifiedBodies).Select(_ => new StallingContent(DeclaredBodyBytes)).ToList();
        var uploads = stalled.Select(content => Host.Http.SendAsync(Forged(content, forger))).ToList();
        await Task.WhenAll(stalled.Select(content => content.FirstChunkSent));

        // Each stalled upload holds a receiving slot once the host reads its headers; a probe is refused with 401 until all are held.
        HttpResponseMessage? busy = null;
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.DoesNotContain(uploads, upload => upload.IsCompleted);
                busy?.Dispose();
                busy = await Host.Http.SendAsync(SendGridEvents.Signed(SendGridEvents.Batch(), Host.Clock.GetUtcNow(), forger));
                return busy.StatusCode == HttpStatusCode.TooManyRequests;
            },
            $"{DeliveryEventsEndpoint.MaxUnverifiedBodies} stalled uploads to fill the receiving slots");

        Assert.Equal("application/problem+json", busy!.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(DeliveryEventsEndpoint.BusyRetryAfterSeconds), busy.Headers.RetryAfter!.Delta);

        foreach (var content in stalled)
        {
            content.Release();
        }

        foreach (var upload in uploads)
        {
            using var refused = await upload;
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var verified = await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", SurveyId.For("generic", "T-NONE"), "ann@example.org", Host.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await verified.Content.ReadAsStringAsync())!["received"]!.GetValue<int>());
        busy.Dispose();
        foreach (var content in stalled)
        {
            content.Dispose();
        }
    }

    /// <summary>Well-formed signature headers, from a key that is not SendGrid's.</summary>
    private HttpRequestMessage Forged(HttpContent body, ECDsa forger)
    {
        var request = SendGridEvents.Signed([], Host.Clock.GetUtcNow(), forger);
        request.Content = body;
        return request;
    }

    /// <summary>A body that sends its first chunk, then waits to be released before sending the rest: a slow sender.</summary>
    private sealed class StallingContent(int bodyLength) : HttpContent
    {
        private readonly TaskCompletionSource firstChunk = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstChunkSent => firstChunk.Task;

        public void Release() => released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            await stream.WriteAsync(chunk);
            await stream.FlushAsync();
            firstChunk.TrySetResult();
            await released.Task;
            for (var sent = chunk.Length; sent < bodyLength; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, bodyLength - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bodyLength;
            return true;
        }
    }
}
