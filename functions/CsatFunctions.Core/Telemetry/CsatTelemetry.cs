using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CsatFunctions.Telemetry;

/// <summary>
/// The pipeline's meter and activity source, both named <c>CsatFunctions</c>, and what each host adds
/// to its OpenTelemetry providers to export them. Attributes are survey ids, helpdesk names and small
/// closed sets (reasons, ratings, queues); never an address, a ticket's text, a token or a secret.
/// </summary>
public static class CsatTelemetry
{
    public const string Name = "CsatFunctions";

    /// <summary>A ticket's spans: intake, each queue message's handling, the SendGrid call, the answer.</summary>
    public static readonly ActivitySource Source = new(Name);

    public static MeterProviderBuilder AddCsatInstruments(this MeterProviderBuilder builder) =>
        builder.AddMeter(Name).AddInstrumentation(provider => provider.GetServices<IObservedInstruments>().ToArray());

    public static TracerProviderBuilder AddCsatSources(this TracerProviderBuilder builder) => builder.AddSource(Name);
}
