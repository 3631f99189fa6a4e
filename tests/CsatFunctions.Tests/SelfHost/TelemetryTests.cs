using System.Diagnostics;
using System.Net;
using CsatFunctions.SelfHost.Telemetry;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>
/// Meters and activity sources are process-wide, and every other test's host would report into these
/// exporters too, so this class runs alone.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>What an operator's OpenTelemetry collector receives after a ticket's life, read through the in-memory exporter.</summary>
[Collection(typeof(TelemetryCollection))]
public sealed class TelemetryTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string Customer = "ann.telemetry@example.org";
    private readonly List<MetricSnapshot> metrics = [];
    private readonly List<Activity> spans = [];

    protected override void ConfigureServices(WebApplicationBuilder builder) =>
        SelfHostTelemetry.Instrument(builder.Services, builder.Configuration)
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics))
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans));

    [Fact]
    public async Task A_tickets_life_is_counted_timed_and_traced_from_webhook_to_rating_without_an_address_or_secret()
    {
        var ticket = PipelineHost.Ticket("T-OTEL", Customer, "Ann Telemetry", "Printer on fire");
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(ticket)).StatusCode);
        var mail = (await SendGrid.WaitForAsync(1)).Single();

        // Redelivered once its email is out, so no second message of its own can take the send over.
        Assert.Equal(HttpStatusCode.OK, (await Host.SendTicketAsync(ticket)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.SendTicketAsync("""{"ticketId":"T-PHONE"}""")).StatusCode);
        var surveyId = SurveyMail.SurveyIdOf(mail);
        using (var rating = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail)) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "unsatisfactory" }) })
        {
            Assert.Equal(HttpStatusCode.OK, (await Host.Http.SendAsync(rating)).StatusCode);
        }

        var now = Host.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.OK, (await Host.PostEventsAsync(SendGridEvents.Batch(SendGridEvents.Event("processed", surveyId, Customer, now), SendGridEvents.Event("delivered", surveyId, Customer, now)))).StatusCode);
        await Host.WaitForEventsAppliedAsync();
        await Host.WaitForQueueDrainedAsync();
        await Host.RefreshScoreAsync();

        Assert.True(Host.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.True(Host.Services.GetRequiredService<TracerProvider>().ForceFlush());

        Assert.Equal(2, Sum("csat.tickets.accepted", ("csat.source", "generic")));
        Assert.Equal(1, Sum("csat.tickets.duplicates", ("csat.source", "generic")));
        Assert.Equal(1, Sum("csat.tickets.not_surveyed", ("csat.reason", "no-email")));
        Assert.Equal(1, Sum("csat.emails.sent", ("csat.kind", "ticket")));
        Assert.Equal(1, Sum("csat.ratings.recorded", ("csat.rating", "unsatisfactory"), ("csat.scale", "three-level")));
        Assert.Equal(2, Sum("csat.delivery_events.received"));
        Assert.Equal(0, Sum("csat.sendgrid.retries") + Sum("csat.emails.failed") + Sum("csat.messages.poisoned"));
        Assert.Equal(3, HistogramCount("csat.intake.duration"));
        Assert.True(HistogramCount("csat.aggregation.duration") >= 1);
        var queue = Host.SurveyQueue.Client.Name;
        Assert.Equal(0, Latest("csat.queue.length", ("messaging.destination.name", queue)));
        Assert.Equal(0, Latest("csat.poison_queue.length", ("messaging.destination.name", queue)));
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");

        // One trace from the webhook through the queue to SendGrid; the answer, days later in life, links to it.
        var intake = spans.Where(s => s.DisplayName == "ticket intake" && Equals(s.GetTagItem("csat.survey.id"), surveyId)).MinBy(s => s.StartTimeUtc)!;
        var handled = spans.Single(s => s.DisplayName == $"process {queue}" && s.ParentSpanId == intake.SpanId);
        Assert.Equal(ActivityKind.Consumer, handled.Kind);
        var send = spans.Single(s => s.DisplayName == "sendgrid send");
        Assert.Equal((intake.TraceId, handled.SpanId, 202), (send.TraceId, send.ParentSpanId, (int)send.GetTagItem("http.response.status_code")!));
        var answer = spans.Single(s => s.DisplayName == "rating record");
        Assert.NotEqual(intake.TraceId, answer.TraceId);
        Assert.Contains(answer.Links, link => link.Context.TraceId == intake.TraceId);
        var ratingRequest = spans.Single(s => s.Kind == ActivityKind.Server && s.SpanId == answer.ParentSpanId);
        Assert.Equal("/api/ratings/{token}", ratingRequest.GetTagItem("url.path"));

        // Nothing exported names the customer or carries a credential.
        string[] secrets = [Customer, "Ann Telemetry", "Printer on fire", SurveyMail.TokenOf(mail), PipelineHost.WebhookSecretText, PipelineHost.AdminKey, PipelineHost.SendGridApiKey, PipelineHost.LinkSigningKeyText];
        var exported = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName))
            .Concat(metrics.SelectMany(m => m.MetricPoints.SelectMany(p => Tags(p).Select(t => $"{t.Key}={t.Value}"))))
            .ToList();
        Assert.True(exported.Count > 50, $"Too little was exported to check: {exported.Count}.");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(exported, value => value.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    private long Sum(string name, params (string Key, string Value)[] tags) =>
        Points(name).Where(point => Matches(point, tags)).Sum(point => point.GetSumLong());

    private long HistogramCount(string name) => Points(name).Sum(point => point.GetHistogramCount());

    private long Latest(string name, params (string Key, string Value)[] tags) =>
        Points(name).Where(point => Matches(point, tags)).Select(point => point.GetGaugeLastValueLong()).Single();

    // Cumulative temporality: the last export holds the running totals.
    private IEnumerable<MetricPoint> Points(string name) => metrics.LastOrDefault(m => m.Name == name)?.MetricPoints ?? [];

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private static bool Matches(MetricPoint point, (string Key, string Value)[] wanted) =>
        wanted.All(w => Tags(point).Any(t => t.Key == w.Key && Equals(t.Value, w.Value)));
}
