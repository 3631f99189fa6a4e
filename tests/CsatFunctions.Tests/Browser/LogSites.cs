using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tests.Browser;

/// <summary>
/// A published log folder as the storage static website serves it (gzip entry bundles with
/// Content-Encoding), and the receipts route on another origin, as the API answers it, counting what it is asked.
/// </summary>
internal sealed class LogSites(WebApplication files, WebApplication api, Func<int> receiptRequests) : IAsyncDisposable
{
    public string Page(string query) => files.Urls.First() + "/verify.html" + query;

    /// <summary>The folder's URL, as the page keys what it keeps in local storage.</summary>
    public string Folder => files.Urls.First() + "/";

    /// <summary>How many requests the receipts route answered.</summary>
    public int ReceiptRequests => receiptRequests();

    /// <param name="receipts">The log whose checkpoint the receipts are proven against (by default the published one).</param>
    /// <param name="tamper">Files served changed; a null content is not served at all (404).</param>
    /// <param name="alsoPublished">Another size of the log published in the same folder before: its tiles stay beside.</param>
    /// <param name="answer">What the receipts route answers every id with, instead of the log's proofs.</param>
    public static async Task<LogSites> StartAsync(PublishedLogFiles log, string score, PublishedLogFiles? receipts = null, IReadOnlyList<(string File, byte[]? Content)>? tamper = null, PublishedLogFiles? alsoPublished = null, string? answer = null)
    {
        var asked = 0;
        var api = await LocalSite.StartAsync(app => app.MapGet("/api/log/receipts/{id}", (string id, HttpResponse response) =>
        {
            Interlocked.Increment(ref asked);
            response.Headers.AccessControlAllowOrigin = "*";
            return (answer ?? (receipts ?? log).Receipt(id)) is { } body ? Results.Text(body, "application/json") : Results.Problem(statusCode: 404, title: "not in the log yet: answers are appended at the next refresh");
        }));
        var receiptsUrl = new Uri(api.Urls.First() + "/api/log/receipts/");
        var published = log.Files(score, receiptsUrl);
        foreach (var (path, file) in alsoPublished?.Files(score, receiptsUrl) ?? [])
        {
            published.TryAdd(path, file);
        }

        foreach (var (file, content) in tamper ?? [])
        {
            if (content is null)
            {
                published.Remove(file);
            }
            else
            {
                published[file] = (content, published[file].Type, published[file].Gzip);
            }
        }

        var files = await LocalSite.StartAsync(app => app.MapGet("/{**path}", (string path, HttpResponse response) =>
        {
            if (!published.TryGetValue(path, out var file))
            {
                return Results.NotFound();
            }

            if (file.Gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            return Results.Bytes(file.Body, file.Type);
        }));
        return new(files, api, () => Volatile.Read(ref asked));
    }

    public async ValueTask DisposeAsync()
    {
        await files.DisposeAsync();
        await api.DisposeAsync();
    }
}
