using System.Net;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Scores;

/// <summary>The public files each refresh writes for a static website (and a CDN) to serve, so a page view costs no function execution.</summary>
public sealed class StaticScoreFilesTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private readonly string container = "site-" + Guid.NewGuid().ToString("N")[..12];

    protected override void Configure(Dictionary<string, string?> settings) => settings["Csat:PublishContainer"] = container;

    [Fact]
    public async Task A_refresh_writes_the_public_files_with_their_types_and_caching_and_rewrites_only_what_changed()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("T-1"))).StatusCode);
        var mail = (await SendGrid.WaitForAsync(1))[0];
        await Host.RefreshScoreAsync();
        var files = Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(container);

        var score = files.GetBlobClient("score.json");
        Assert.Equal(await Host.Http.GetStringAsync("/api/score"), (await score.DownloadContentAsync()).Value.Content.ToString());
        var properties = (await score.GetPropertiesAsync()).Value;
        Assert.Equal(("application/json; charset=utf-8", "public, max-age=60"), (properties.ContentType, properties.CacheControl));
        var names = new List<string>();
        await foreach (var blob in files.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        var day = Host.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            ["badge-allTime.svg", "badge-last30Days.svg", "badge-last365Days.svg", "badge-last7Days.svg", "badge-last90Days.svg", "badge.svg", "checkpoint", "checkpoints/1", "comments.json", "index.html", $"ledger/{day}.jsonl", "ledger/checkpoint.json", "ledger/index.json", "log.json", "log.vkey", "policy.de.html", "policy.en.html", "policy.es.html", "policy.fr.html", "policy.html", "policy.nl.html", "score.json", "tile/0/000.p/1", "tile/entries/000.p/1", "verify.html", "verify.js", "widget.js"],
            names.Order(StringComparer.Ordinal));
        Assert.Equal("text/html; charset=utf-8", (await files.GetBlobClient("index.html").GetPropertiesAsync()).Value.ContentType);
        Assert.Contains("<a href=\"score.json\">JSON</a>", (await files.GetBlobClient("index.html").DownloadContentAsync()).Value.Content.ToString());

        // The widget carries the score and comments inside it, so a page on another origin needs no
        // cross-origin request; the published copy draws from them rather than fetching.
        var widgetScript = (await files.GetBlobClient("widget.js").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains($$"""var published = {"score":{{await Host.Http.GetStringAsync("/api/score")}},"comments":{{await Host.Http.GetStringAsync("/api/score/comments")}}};""", widgetScript);
        Assert.Equal("public, max-age=60", (await files.GetBlobClient("widget.js").GetPropertiesAsync()).Value.CacheControl);

        // A file whose bytes did not change is not written again (the score and the widget carry the
        // score's time); a new rating changes the badge, not the comments.
        async Task<Azure.ETag> Tag(string name) => (await files.GetBlobClient(name).GetPropertiesAsync()).Value.ETag;
        var (badge, comments) = (await Tag("badge.svg"), await Tag("comments.json"));
        await Host.RefreshScoreAsync();
        Assert.Equal((badge, comments), (await Tag("badge.svg"), await Tag("comments.json")));
        using var rated = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "excellent")]));
        await Host.RefreshScoreAsync();
        Assert.NotEqual(badge, await Tag("badge.svg"));
        Assert.Equal(comments, await Tag("comments.json"));
    }
}
