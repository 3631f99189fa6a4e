using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Webhooks;

/// <summary>One request the receiver got: the Standard Webhooks headers, the raw body, and what it answered.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string? ContentType, string PathAndQuery, byte[] Body, int Answered, DateTimeOffset At)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonNode Json => JsonNode.Parse(Body)!;

    public bool Accepted => Answered is >= 200 and < 300;
}

/// <summary>How the receiver answers one request: a status (with a Retry-After), after a delay, or by dropping the connection.</summary>
public sealed record ReceiverFault(int Status = 500, TimeSpan Delay = default, bool Drop = false, string? RetryAfter = null);

/// <summary>
/// A webhook receiver on a free loopback port: keeps every request, answers 200 unless the next
/// scripted fault says otherwise (failing, slow, down, gone, throttling), in the order scripted.
/// </summary>
public sealed class WebhookReceiverStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceiverFault> script = new();
    private WebApplication app = null!;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request, faulted ones included, in arrival order.</summary>
    public ConcurrentQueue<ReceivedWebhook> Attempts { get; } = new();

    /// <summary>Answered to every request once the script is used up; 200 unless a test says otherwise.</summary>
    public ReceiverFault? Always { get; set; }

    public IReadOnlyList<ReceivedWebhook> Accepted => [.. Attempts.Where(attempt => attempt.Accepted)];

    public static async Task<WebhookReceiverStub> StartAsync()
    {
        var stub = new WebhookReceiverStub();
        stub.app = await LocalSite.StartAsync(site => site.MapPost("/{**path}", stub.ReceiveAsync));
        stub.BaseUrl = new Uri(stub.app.Urls.First() + "/");
        return stub;
    }

    /// <summary>The next <paramref name="count"/> requests are answered so.</summary>
    public void Next(int count, ReceiverFault fault)
    {
        for (var i = 0; i < count; i++)
        {
            script.Enqueue(fault);
        }
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAcceptedAsync(int count, string? type = null)
    {
        IReadOnlyList<ReceivedWebhook> Matching() => [.. Accepted.Where(attempt => type is null || attempt.Json["type"]!.GetValue<string>() == type)];
        await Eventually.TrueAsync(() => Task.FromResult(Matching().Count >= count), $"{count} webhook(s){(type is null ? "" : " of type " + type)} accepted");
        return Matching();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var fault = script.TryDequeue(out var next) ? next : Always;
        if (fault is { Delay: var delay } && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, CancellationToken.None);
        }

        var answered = fault is null ? 200 : fault.Drop ? 0 : fault.Status;
        var headers = context.Request.Headers;
        Attempts.Enqueue(new ReceivedWebhook(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), context.Request.ContentType, context.Request.Path + context.Request.QueryString, buffer.ToArray(), answered, TimeProvider.System.GetUtcNow()));
        if (fault is { Drop: true })
        {
            context.Abort();
            return;
        }

        if (fault?.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.StatusCode = answered;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
