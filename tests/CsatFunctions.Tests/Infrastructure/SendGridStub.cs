using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>An email SendGrid's v3 API received: the exact JSON body, the key it was sent with, and how long after the stub started it arrived.</summary>
public sealed record ReceivedMail(string Body, string? Authorization, TimeSpan ArrivedAfter = default)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}

/// <summary>
/// A local stand-in for SendGrid's v3 mail/send over real HTTP, so the real SendGrid client is what
/// the pipeline uses. It answers with <see cref="Respond"/> and signals each arrival.
/// </summary>
public sealed class SendGridStub : IAsyncDisposable
{
    private readonly List<ReceivedMail> received = [];
    private readonly long started = Stopwatch.GetTimestamp();
    private TaskCompletionSource arrived = NewSignal();
    private WebApplication app = null!;

    /// <summary>The status code (and body) the next send is answered with; status 0 drops the connection unanswered, as an unreachable SendGrid would.</summary>
    public Func<(int Status, string Body)> Respond { get; set; } = () => (202, "");

    /// <summary>When set, answers each send by what it carries (one recipient refused, say) instead of <see cref="Respond"/>.</summary>
    public Func<ReceivedMail, (int Status, string Body)>? RespondTo { get; set; }

    /// <summary>How long each send takes to answer, as SendGrid's own API takes some time; zero by default.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Sent as Retry-After (seconds) with every 429.</summary>
    public int? RetryAfterSeconds { get; set; }

    public Uri BaseUrl => new(app.Urls.First());

    public IReadOnlyList<ReceivedMail> Received
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public static async Task<SendGridStub> StartAsync()
    {
        var stub = new SendGridStub();
        stub.app = await LocalSite.StartAsync(app => app.MapPost("/v3/mail/send", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var mail = new ReceivedMail(await reader.ReadToEndAsync(), context.Request.Headers.Authorization.ToString(), Stopwatch.GetElapsedTime(stub.started));
            if (stub.Latency > TimeSpan.Zero)
            {
                await Task.Delay(stub.Latency);
            }

            var (status, body) = stub.RespondTo?.Invoke(mail) ?? stub.Respond();
            lock (stub.received)
            {
                stub.received.Add(mail);
            }

            Interlocked.Exchange(ref stub.arrived, NewSignal()).TrySetResult();
            if (status == 0)
            {
                context.Abort();
                return Results.Empty;
            }

            if (status == StatusCodes.Status429TooManyRequests && stub.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Text(body, "application/json", statusCode: status);
        }));
        return stub;
    }

    /// <summary>Waits until at least <paramref name="count"/> sends have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var signal = Volatile.Read(ref arrived);
            if (Received.Count >= count)
            {
                return Received;
            }

            try
            {
                await signal.Task.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"SendGrid received {Received.Count} email(s), expected {count}.");
            }
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
