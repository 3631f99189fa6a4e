using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Telemetry;

/// <summary>
/// The standard OTLP exporter variables both hosts honour. The exporter reads them itself; they are
/// checked at start-up as every setting is, because the exporter would only log a bad one and send nothing.
/// </summary>
public static class OtlpSettings
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";

    public static bool IsExporting(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[Endpoint]);

    /// <summary>One line per variable the exporter would not understand.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        if (IsExporting(configuration) && !(Uri.TryCreate(configuration[Endpoint], UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            yield return $"{Endpoint} must be an absolute http or https URL, such as http://localhost:4317 (gRPC) or http://localhost:4318 (HTTP).";
        }

        if (configuration[Protocol] is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf"))
        {
            yield return $"{Protocol} must be grpc or http/protobuf.";
        }
    }
}
