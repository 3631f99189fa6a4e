using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SendGrid;

namespace CsatFunctions.SelfHost.DevMail;

/// <summary>
/// Development only: a SendGrid-compatible endpoint on the self-host itself, so the real SendGrid
/// client has somewhere to send with no API key, and the outbox where a developer reads what it sent.
/// </summary>
public static partial class DevMailRoutes
{
    public const string SendGridPath = "/dev/sendgrid";

    /// <summary>The real SendGrid client, pointed at this server once it knows which port it listens on.</summary>
    public static ISendGridClient CreateClient(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // Kestrel reports wildcard bindings as [::] or 0.0.0.0; the client needs an address it can call.
        var listening = new Uri(addresses.First());
        var loopback = new UriBuilder(listening) { Host = listening.Host is "[::]" or "0.0.0.0" ? "127.0.0.1" : listening.Host, Path = SendGridPath }.Uri;
        return CsatServices.CreateSendGridClient(services.GetRequiredService<CsatFunctions.Surveys.SendGridOptions>(), loopback);
    }

    public static void Map(WebApplication app)
    {
        app.MapPost(SendGridPath + "/v3/mail/send", async (HttpRequest request, DevMailSink sink) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            sink.Add(await reader.ReadToEndAsync());
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });

        app.MapGet("/dev/outbox.json", (DevMailSink sink) =>
            Results.Text("[" + string.Join(",", sink.Bodies) + "]", "application/json; charset=utf-8"));

        app.MapGet("/dev/outbox", (DevMailSink sink, CsatOptions options) =>
            HtmlPage.Render(StatusCodes.Status200OK, "Dev outbox", options.CompanyName, Render(sink.Bodies)));
    }

    private static Html Render(IReadOnlyList<string> bodies)
    {
        var html = new HtmlBuilder()
            .Append($"<p>Emails the pipeline sent through SendGrid while running in Development, newest first. ")
            .Append($"""The same bodies, exactly as sent, are at <a href="outbox.json">outbox.json</a>.</p>""");
        if (bodies.Count == 0)
        {
            html.Append($"<p><em>Nothing sent yet. Send a ticket (node scripts/send-ticket.mjs) and reload.</em></p>");
        }

        foreach (var body in bodies.Reverse())
        {
            using var mail = JsonDocument.Parse(body);
            var personalization = mail.RootElement.GetProperty("personalizations")[0];
            var to = personalization.GetProperty("to")[0].GetProperty("email").GetString();
            var subject = personalization.TryGetProperty("subject", out var s) ? s.GetString() : mail.RootElement.GetProperty("subject").GetString();
            var text = mail.RootElement.GetProperty("content").EnumerateArray()
                .First(c => c.GetProperty("type").GetString() == "text/plain").GetProperty("value").GetString() ?? "";
            html.Append($"<hr><p><strong>To:</strong> {to}<br><strong>Subject:</strong> {subject}</p>")
                .Append($"""<pre style="white-space:pre-wrap;overflow-wrap:anywhere">{Linkify(text)}</pre>""");
        }

        return html.ToHtml();
    }

    private static Html Linkify(string text)
    {
        var html = new HtmlBuilder();
        var last = 0;
        foreach (Match url in UrlPattern().Matches(text))
        {
            html.Append($"""{text[last..url.Index]}<a href="{url.Value}">{url.Value}</a>""");
            last = url.Index + url.Length;
        }

        return html.Append($"{text[last..]}").ToHtml();
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex UrlPattern();
}
