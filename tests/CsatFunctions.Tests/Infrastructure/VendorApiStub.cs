using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>How a vendor's API stub misbehaves, as the helpdesk issue's drills ask: slow, failing, throttling, down.</summary>
public enum VendorFault
{
    None,

    /// <summary>Every answer comes after <see cref="VendorApiStub.SlowBy"/> (3 s, the drills' figure).</summary>
    Slow,

    /// <summary>500 with the vendor's error body.</summary>
    Failing,

    /// <summary>429 with the vendor's error body and <c>Retry-After</c> of <see cref="VendorApiStub.RetryAfterSeconds"/>.</summary>
    RateLimited,

    /// <summary>The connection is dropped before any answer, as when the API is unreachable.</summary>
    Down,
}

/// <summary>
/// A helpdesk's API on a free loopback port, answering its routes in the vendor's own JSON (each
/// helpdesk's tests map them), recording every request, and misbehaving on demand (<see cref="Fault"/>).
/// </summary>
public sealed class VendorApiStub : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<int, string> errorBody;

    private VendorApiStub(WebApplication app, Func<int, string> errorBody)
    {
        this.app = app;
        this.errorBody = errorBody;
        BaseUrl = new Uri(app.Urls.First());
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request as "METHOD /path?query", in arrival order, faulted ones included.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Every request as "METHOD /path?query" with when it arrived (the stub's wall clock), for "no sooner than Retry-After".</summary>
    public ConcurrentQueue<(string Request, DateTimeOffset At)> Timeline { get; } = new();

    /// <summary>Each request's headers, in the order of <see cref="Requests"/>.</summary>
    public ConcurrentQueue<IHeaderDictionary> RequestHeaders { get; } = new();

    public VendorFault Fault { get; set; }

    /// <summary>Faults only this many requests, then answers normally; null for every request.</summary>
    public int? FaultCount { get; set; }

    public TimeSpan SlowBy { get; set; } = TimeSpan.FromSeconds(3);

    public int RetryAfterSeconds { get; set; } = 1;

    /// <param name="map">The vendor's routes, answering in its documented JSON.</param>
    /// <param name="errorBody">The vendor's error body for a status (its documented shape), for the faults.</param>
    public static async Task<VendorApiStub> StartAsync(Action<WebApplication> map, Func<int, string> errorBody)
    {
        VendorApiStub? stub = null;
        var app = await LocalSite.StartAsync(site =>
        {
            site.Use(async (context, next) =>
            {
                var request = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
                stub!.Requests.Enqueue(request);
                stub.Timeline.Enqueue((request, TimeProvider.System.GetUtcNow()));
                stub.RequestHeaders.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary()));
                if (stub.TakeFault() is not { } fault)
                {
                    await next();
                    return;
                }

                switch (fault)
                {
                    case VendorFault.Slow:
                        await Task.Delay(stub.SlowBy, context.RequestAborted);
                        await next();
                        break;
                    case VendorFault.Down:
                        context.Abort();
                        break;
                    default:
                        var status = fault == VendorFault.RateLimited ? StatusCodes.Status429TooManyRequests : StatusCodes.Status500InternalServerError;
                        if (status == StatusCodes.Status429TooManyRequests)
                        {
                            context.Response.Headers.RetryAfter = stub.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        }

                        context.Response.StatusCode = status;
                        context.Response.ContentType = "application/json";
                        await context.Response.WriteAsync(stub.errorBody(status));
                        break;
                }
            });
            map(site);
        });
        stub = new VendorApiStub(app, errorBody);
        return stub;
    }

    /// <summary>The requests whose "METHOD /path" starts with <paramref name="prefix"/>.</summary>
    public int Count(string prefix) => Requests.Count(request => request.StartsWith(prefix, StringComparison.Ordinal));

    private VendorFault? TakeFault()
    {
        lock (this)
        {
            if (Fault == VendorFault.None || FaultCount == 0)
            {
                return null;
            }

            FaultCount--;
            return Fault;
        }
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
