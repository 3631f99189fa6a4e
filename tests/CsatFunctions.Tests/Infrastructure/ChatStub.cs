using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>A chat incoming webhook that keeps what it is sent.</summary>
public sealed class ChatStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string Body)> received = new();
    private WebApplication app = null!;

    public string Url => app.Urls.First() + "/";

    /// <summary>While set, every post is answered 500 and nothing is kept.</summary>
    public bool Failing { get; set; }

    public IReadOnlyList<string> Bodies => [.. received.Select(r => r.Body)];

    public IReadOnlyList<string> Paths => [.. received.Select(r => r.Path)];

    public static ChatStub Start()
    {
        var stub = new ChatStub();
        stub.app = LocalSite.StartAsync(app => app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            if (stub.Failing)
            {
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            }

            using var reader = new StreamReader(request.Body);
            stub.received.Enqueue((request.Path.Value!, await reader.ReadToEndAsync()));
            return Results.Ok();
        })).GetAwaiter().GetResult();
        return stub;
    }

    public async Task<IReadOnlyList<string>> WaitForAsync(int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(received.Count >= count), $"{count} chat message(s)");
        return Bodies;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
