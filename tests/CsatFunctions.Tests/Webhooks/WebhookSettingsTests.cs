using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Webhooks;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Webhooks;

/// <summary>Each outgoing webhook needs both its URL and its secret, checked at start-up with one line per key.</summary>
public sealed class WebhookSettingsTests
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String("receiver-secret-of-thirty-two-b!"u8);

    [Fact]
    public void An_endpoint_with_url_secret_and_events_is_read_with_the_default_schedule()
    {
        var options = Read(new()
        {
            ["Csat:Webhooks:crm:Url"] = "https://crm.example.com/hooks/csat?token=abc",
            ["Csat:Webhooks:crm:Secret"] = Secret,
            ["Csat:Webhooks:crm:Events"] = "rating.recorded, rating.changed",
            ["Csat:Webhooks:2:Url"] = "http://127.0.0.1:9000/hook",
            ["Csat:Webhooks:2:Secret"] = Secret,
        }).Webhooks;

        Assert.Equal(2, options.Endpoints.Count);
        var crm = options.Find("crm")!;
        Assert.Equal("crm.example.com", crm.Host);
        Assert.Equal(["rating.changed", "rating.recorded"], crm.Events.Order());
        Assert.Equal(4, options.Find("2")!.Events.Count);
        Assert.Equal(WebhookOptions.DefaultRetryDelays, options.RetryDelays);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Timeout);
    }

    [Fact]
    public void A_missing_half_a_plain_http_host_a_bad_secret_or_an_unknown_event_is_one_line_each_never_echoing_the_value()
    {
        var errors = Assert.Throws<SettingsException>(() => Read(new()
        {
            ["Csat:Webhooks:nosecret:Url"] = "https://a.example.com/hook",
            ["Csat:Webhooks:nourl:Secret"] = Secret,
            ["Csat:Webhooks:plain:Url"] = "http://crm.example.com/hook",
            ["Csat:Webhooks:plain:Secret"] = Secret,
            ["Csat:Webhooks:badsecret:Url"] = "https://b.example.com/hook",
            ["Csat:Webhooks:badsecret:Secret"] = "not-a-secret-value",
            ["Csat:Webhooks:events:Url"] = "https://c.example.com/hook",
            ["Csat:Webhooks:events:Secret"] = Secret,
            ["Csat:Webhooks:events:Events"] = "rating.deleted",
            ["Csat:WebhookRetryDelays"] = "soon",
        })).Problems;

        Assert.Contains(errors, e => e.StartsWith("Csat__Webhooks__nosecret__Secret must be whsec_", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Csat__Webhooks__nourl__Url must be an absolute https URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Csat__Webhooks__plain__Url must be an absolute https URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Csat__Webhooks__badsecret__Secret must be whsec_", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Csat__Webhooks__events__Events must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Csat__WebhookRetryDelays must be", StringComparison.Ordinal));
        Assert.Equal(6, errors.Count(e => e.Contains("Webhook", StringComparison.Ordinal)));
        Assert.All(errors, e => Assert.DoesNotContain("not-a-secret-value", e));
    }

    [Fact]
    public void Development_allows_plain_http_and_a_schedule_under_a_day_is_a_warning()
    {
        var settings = Read(
            new()
            {
                ["Csat:Webhooks:dev:Url"] = "http://receiver.internal:8080/hook",
                ["Csat:Webhooks:dev:Secret"] = Secret,
                ["Csat:WebhookRetryDelays"] = "00:00:01,00:00:02",
            },
            isDevelopment: true);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], settings.Webhooks.RetryDelays);
        Assert.Contains(settings.Warnings, w => w.StartsWith("Csat__WebhookRetryDelays spans less than 24 hours", StringComparison.Ordinal));
    }

    private static (WebhookOptions Webhooks, IReadOnlyList<string> Warnings) Read(Dictionary<string, string?> values, bool isDevelopment = false)
    {
        var all = PipelineHost.TestSettings("UseDevelopmentStorage=true", null);
        foreach (var (key, value) in values)
        {
            all[key] = value;
        }

        var settings = CsatSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(all).Build(), isDevelopment);
        return (settings.Csat.Webhooks, settings.Warnings);
    }
}
