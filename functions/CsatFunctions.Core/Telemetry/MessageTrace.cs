using System.Diagnostics;
using System.Text.Json;

namespace CsatFunctions.Telemetry;

/// <summary>
/// Carries a trace through a queue message: the W3C <c>traceparent</c> of whoever queued it rides in
/// the message's JSON, and the span that handles it continues that trace (and links the host's own
/// invocation span, where there is one). A message without one starts its own trace.
/// </summary>
public static class MessageTrace
{
    private const string Property = "traceparent";

    /// <summary>Adds the current span's traceparent to a message serialised as a JSON object.</summary>
    public static string Attach(string json)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent })
        {
            return json;
        }

        var member = $"\"{Property}\":\"{traceParent}\"";
        return json.Length > 2 ? $"{json[..^1]},{member}}}" : $"{{{member}}}";
    }

    /// <summary>The span for handling one message of <paramref name="queue"/>; null when nobody listens.</summary>
    public static Activity? StartHandling(string queue, string text)
    {
        if (!CsatTelemetry.Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(ReadTraceParent(text), null, out var parent);
        ActivityLink[]? links = Activity.Current is { } invocation && parent != default ? [new ActivityLink(invocation.Context)] : null;
        var activity = CsatTelemetry.Source.StartActivity($"process {queue}", ActivityKind.Consumer, parent, links: links);
        activity?.SetTag("messaging.system", "azure_queue_storage");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", queue);
        return activity;
    }

    private static string? ReadTraceParent(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(Property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
