using CsatFunctions.SelfHost.Queues;
using CsatFunctions.Telemetry;
using CsatFunctions.SelfHost.Web;
using CsatFunctions.Settings;

namespace CsatFunctions.SelfHost;

/// <summary>
/// Everything the self-host reads at start-up: the pipeline's settings, its queue listener's and
/// forwarded-headers settings, and whether its Development mail sink stands in for SendGrid (no
/// <c>SendGrid__ApiKey</c> and no <c>SendGrid__BaseUrl</c>, in Development only).
/// </summary>
public sealed record SelfHostSettings(CsatSettings Pipeline, QueueTriggerOptions QueueTrigger, ForwardedHeadersOptions ForwardedHeaders, bool UsesDevMailSink)
{
    /// <exception cref="SettingsException">One line per bad setting, the pipeline's and the self-host's together.</exception>
    public static SelfHostSettings Read(IConfiguration configuration, bool isDevelopment)
    {
        var problems = new List<string>();
        CsatSettings? pipeline = null;
        try
        {
            pipeline = CsatSettings.Read(configuration, isDevelopment);
        }
        catch (SettingsException ex)
        {
            problems.AddRange(ex.Problems);
        }

        ForwardedHeadersOptions? forwardedHeaders = null;
        try
        {
            forwardedHeaders = TrustedProxies.Read(configuration[TrustedProxies.Setting]);
        }
        catch (SettingsException ex)
        {
            problems.AddRange(ex.Problems);
        }

        problems.AddRange(OtlpSettings.Problems(configuration));
        var queueTrigger = QueueTriggerOptions.Read(pipeline?.Queues ?? new QueueHostOptions(), configuration[QueueTriggerOptions.LeaseSetting], problems);
        var sendGrid = new SettingsReader(configuration);
        var noSendGridKey = sendGrid.Text("SendGrid__ApiKey") is null;
        if (noSendGridKey && !isDevelopment)
        {
            problems.Add("SendGrid__ApiKey is required outside Development (in Development the self-host's dev mail sink is used).");
        }

        var usesDevMailSink = isDevelopment && noSendGridKey && sendGrid.Text("SendGrid__BaseUrl") is null;

        return problems.Count == 0
            ? new SelfHostSettings(pipeline!, queueTrigger, forwardedHeaders!, usesDevMailSink)
            : throw new SettingsException(problems);
    }
}
