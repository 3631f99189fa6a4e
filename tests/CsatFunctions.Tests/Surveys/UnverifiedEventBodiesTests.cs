using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Surveys;

/// <summary>What a caller who has not proved SendGrid's signature can cost the host: a few bodies at a time, none held in memory.</summary>
public sealed class UnverifiedEventBodiesTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task Only_a_few_unverified_bodies_are_received_at_once_the_rest_are_told_to_retry_and_a_valid_batch_works_after()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var uploads = new List<SlowUpload>();
        for (var i = 0; i <= DeliveryEventsEndpoint.MaxUnverifiedBodies; i++)
        {
            uploads.Add(await SlowUpload.StartAsync(Host, forger));
        }

        // None can be answered before its body is in, except the one turned away: whichever the host came to last.
        // Bounded only so that a host that turns none away fails the test instead of hanging it.
        var first = await Task.WhenAny(uploads.Select(upload => upload.Answer)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var busy = uploads.Single(upload => upload.Answer == first);
        var (status, headers) = await first;

        Assert.Equal("HTTP/1.1 429 Too Many Requests", status);
        Assert.Contains("Content-Type: application/problem+json", headers);
        Assert.Contains($"Retry-After: {DeliveryEventsEndpoint.BusyRetryAfterSeconds}", headers);
        Assert.DoesNotContain(uploads, upload => upload != busy && upload.Answer.IsCompleted);

        foreach (var upload in uploads.Where(upload => upload != busy))
        {
            upload.Release();
            Assert.Equal("HTTP/1.1 401 Unauthorized", (await upload.Answer).Status);
        }

        using var verified = await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("delivered", SurveyId.New(), "ann@example.org", Host.Clock.GetUtcNow())));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await verified.Content.ReadAsStringAsync())!["received"]!.GetValue<int>());
        foreach (var upload in uploads)
        {
            upload.Dispose();
        }
    }

    [Fact]
    public async Task A_body_whose_headers_cannot_be_signed_is_refused_before_a_byte_of_it_is_sent()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host.Http.BaseAddress!.Host, Host.Http.BaseAddress.Port);
        var stream = client.GetStream();
        var stale = Host.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds();

        // Declares 20 MiB and sends none of it: only an answer that did not wait for the body can arrive.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/sendgrid/events HTTP/1.1\r\nHost: {Host.Http.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {20 * 1024 * 1024}\r\n"
            + $"{EventWebhookKey.TimestampHeader}: {stale}\r\n{EventWebhookKey.SignatureHeader}: MEUCIQ==\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);

        // Bounded only so that a host waiting for the body fails the test instead of hanging it.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        Assert.Equal("HTTP/1.1 401 Unauthorized", await reader.ReadLineAsync(bound.Token));
    }

    /// <summary>
    /// A slow sender on its own connection, with well-formed signature headers from a key that is not
    /// SendGrid's: its headers and a first chunk, then a trickle until released, then the rest. The
    /// trickle is what a slow client does, and keeps it above Kestrel's minimum body data rate, which
    /// would otherwise end a silent upload after its grace period and free the slot the test wants held.
    /// </summary>
    private sealed class SlowUpload : IDisposable
    {
        private const int BodyBytes = 512 * 1024;
        private const int TrickleBytes = 1024;
        private readonly TcpClient client = new();
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The status line and headers the host answered with.</summary>
        public Task<(string Status, string Headers)> Answer { get; private set; } = null!;

        public static async Task<SlowUpload> StartAsync(PipelineHost host, ECDsa forger)
        {
            var upload = new SlowUpload();
            await upload.client.ConnectAsync(host.Http.BaseAddress!.Host, host.Http.BaseAddress.Port);
            var stream = upload.client.GetStream();
            var timestamp = host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /api/sendgrid/events HTTP/1.1\r\nHost: {host.Http.BaseAddress.Authority}\r\nContent-Type: application/json\r\nContent-Length: {BodyBytes}\r\n"
                + $"{EventWebhookKey.TimestampHeader}: {timestamp}\r\n{EventWebhookKey.SignatureHeader}: {SendGridEvents.Sign(timestamp, [], forger)}\r\nConnection: close\r\n\r\n"));
            upload.Answer = ReadAnswerAsync(stream);
            _ = upload.SendBodyAsync(stream);
            return upload;
        }

        public void Release() => released.TrySetResult();

        public void Dispose()
        {
            released.TrySetResult();
            client.Dispose();
        }

        private async Task SendBodyAsync(NetworkStream stream)
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            try
            {
                await stream.WriteAsync(chunk);
                var sent = chunk.Length;
                while (!released.Task.IsCompleted && sent + TrickleBytes < BodyBytes)
                {
                    await stream.WriteAsync(chunk.AsMemory(0, TrickleBytes));
                    sent += TrickleBytes;
                    await Task.WhenAny(released.Task, Task.Delay(TimeSpan.FromMilliseconds(100)));
                }

                for (; sent < BodyBytes; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, BodyBytes - sent)));
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The host answered without the rest (the upload turned away) and closed the connection.
            }
        }

        private static async Task<(string Status, string Headers)> ReadAnswerAsync(NetworkStream stream)
        {
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var status = await reader.ReadLineAsync() ?? "";
            var headers = new StringBuilder();
            for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
            {
                headers.AppendLine(line);
            }

            return (status, headers.ToString());
        }
    }
}
