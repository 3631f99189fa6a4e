using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Scores;

/// <summary>
/// After each refresh, writes the public score as static files to <c>Csat__PublishContainer</c> (the
/// storage static website's <c>$web</c> by default): score.json, comments.json, badge.svg and one
/// badge per window, widget.js (carrying the score and comments), index.html, and the review policy
/// (policy.html in the default language, policy.{code}.html in each), each with its Content-Type and Cache-Control, and
/// skips a file whose bytes are already there. Behind the static website (and a CDN), a visitor's
/// page view costs no function execution at all. Failing to write is logged, never fails the refresh:
/// the next refresh writes what changed.
/// </summary>
public sealed class StaticScoreFiles(CsatStorage storage, CsatOptions options, ILogger<StaticScoreFiles> logger)
{
    // Each file's ETag as this process last wrote or found it: an unchanged file (a finished day of the
    // ledger, most of all) costs no request. A file changed behind the process's back is mended after a restart.
    private readonly Dictionary<string, string> published = new(StringComparer.Ordinal);
    private bool created;

    /// <returns>How many files were written (the others were already there, byte for byte).</returns>
    /// <param name="more">Other files published beside them (the ledger's).</param>
    public async Task<int> PublishAsync(ScoreViews views, IEnumerable<(string Name, PublicResource File)> more, CancellationToken cancellationToken)
    {
        if (options.PublishContainer is not { } name)
        {
            return 0;
        }

        var files = new List<(string Name, PublicResource File)>
        {
            ("score.json", views.Json),
            ("comments.json", views.Comments),
            ("badge.svg", views.Badges[ScoreWindowName.Default]),
            ("widget.js", ScoreWidgetEndpoint.Carrying(views)),
            ("index.html", views.PageAsFile),
            ("policy.html", views.Policy.Default.PageAsFile),
        };
        files.AddRange(views.Policy.Pages.Select(page => ($"policy.{page.Key}.html", page.Value.PageAsFile)));
        files.AddRange(views.Badges.Select(badge => ($"badge-{badge.Key}.svg", badge.Value)));
        files.AddRange(more);

        try
        {
            var container = storage.ContainerNamed(name);
            if (!created)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                created = true;
            }

            var written = 0;
            foreach (var (file, content) in files)
            {
                if (published.GetValueOrDefault(file) == content.ETag)
                {
                    continue;
                }

                var blob = container.GetBlobClient(file);
                var hash = MD5.HashData(content.Body);
                if ((await StoredHashAsync(blob, cancellationToken))?.AsSpan().SequenceEqual(hash) == true)
                {
                    published[file] = content.ETag;
                    continue;
                }

                await blob.UploadAsync(
                    new BinaryData(content.Body),
                    new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders
                        {
                            ContentType = content.ContentType,
                            CacheControl = content.Headers.First(h => h.Name == "Cache-Control").Value,
                            ContentHash = hash,
                        },
                    },
                    cancellationToken);
                published[file] = content.ETag;
                written++;
            }

            if (written > 0)
            {
                logger.LogInformation("Published {Written} changed static file(s) to {Container}.", written, name);
            }

            return written;
        }
        catch (Exception ex) when (ex is RequestFailedException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not publish the score's static files to {Container}; the next refresh tries again.", name);
            return 0;
        }
    }

    private static async Task<byte[]?> StoredHashAsync(Azure.Storage.Blobs.BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentHash;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
