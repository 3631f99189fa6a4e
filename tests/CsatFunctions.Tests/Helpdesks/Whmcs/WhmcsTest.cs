using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Whmcs;

/// <summary>The self-host with the WHMCS route configured (<c>Csat__Helpdesks__whmcs__Secret</c>), and where the hook may be pointed.</summary>
public abstract class WhmcsTest(AzuriteFixture azurite) : HelpdeskTest(azurite)
{
    /// <summary>whsec_ + base64 of 32 bytes, as the WHMCS admin puts in the hook file and the pipeline's setting.</summary>
    public const string WhmcsSecret = "whsec_d2htY3MtaG9vay1zaWduaW5nLXNlY3JldC0zMi1ieXQ=";

    public const string WrongSecret = "whsec_YS13cm9uZy13aG1jcy1zZWNyZXQtb2YtMzItYnl0ZXM=";

    /// <summary>The WHMCS route on this test's self-host.</summary>
    protected string Url => RouteOn(Host.Http.BaseAddress!);

    /// <summary>The WHMCS route at a local address nothing listens on.</summary>
    protected static string DownUrl => RouteOn(new Uri($"http://127.0.0.1:{SelfHostProcess.FreePort()}"));

    protected static string RouteOn(Uri site) => new Uri(site, "/api/tickets/resolved/whmcs").AbsoluteUri;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Csat:Helpdesks:whmcs:Secret"] = WhmcsSecret;
    }
}
