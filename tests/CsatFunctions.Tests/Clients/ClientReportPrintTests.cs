using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsatFunctions.Tests.Browser;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Clients;

/// <summary>
/// The client report in Debian's Chromium: the desk's copy printed to PDF (Page.printToPDF through
/// playwright-core) on A4 with its sections and without the forms, read back with poppler's
/// pdfinfo and pdftotext; and the client's copy on a 390 px phone, screenshotted into TestResults.
/// </summary>
public sealed partial class ClientReportPrintTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override TimeProvider Clock { get; } = new MidMonthClock();

    [Fact]
    public async Task The_report_prints_on_A4_with_its_sections_and_without_the_forms()
    {
        SkipWithout("/usr/bin/chromium", "/usr/bin/pdftotext", "/usr/bin/pdfinfo");
        await ClientSeed.SeedAsync(Host, SendGrid);
        var pdf = Path.Combine(Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults")).FullName, "client-report.pdf");

        var seen = await BrowserTests.Browse("print", $"{Host.Http.BaseAddress}api/admin/companies/Acme%20Ltd/report", pdf, PipelineHost.AdminKey);
        var info = await ToolProcess.RunAsync("pdfinfo", pdf);
        var text = await ToolProcess.RunAsync("pdftotext", "-layout", pdf, "-");

        Assert.Empty(seen["errors"]!.AsArray());
        Assert.True(int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture) >= 1, info);
        var size = PageSizeLine().Match(info);
        Assert.True(size.Success, info);
        Assert.Equal(595, Math.Round(double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture)), 0.0);
        Assert.Equal(842, Math.Round(double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture)), 0.0);
        foreach (var heading in new[] { "Customer satisfaction: Acme Ltd", "Summary", "By month", "By agent", "Reasons given", "Answers and comments", "Follow-ups and what was done" })
        {
            Assert.Contains(heading, text);
        }

        Assert.Contains("The <b>restore</b> took two days.", text);
        Assert.DoesNotContain("Share links", text);
        Assert.DoesNotContain("Make a share link", text);
        Assert.DoesNotContain("Back to the desk", text);
    }

    [Fact]
    public async Task The_shared_report_reads_on_a_390_px_phone_without_sideways_scrolling()
    {
        SkipWithout("/usr/bin/chromium");
        await ClientSeed.SeedAsync(Host, SendGrid);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/companies/Acme%20Ltd/share-links") { Content = new StringContent("{}", new MediaTypeHeaderValue("application/json")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        using var made = await Host.Http.SendAsync(request);
        var path = new Uri(JsonNode.Parse(await made.Content.ReadAsStringAsync())!["url"]!.GetValue<string>()).AbsolutePath;
        var png = Path.Combine(Directory.CreateDirectory(Path.Combine(AzuriteProcess.RepositoryRoot(), "TestResults")).FullName, "client-report.png");

        var seen = await BrowserTests.Browse("layout", $"{Host.Http.BaseAddress}{path.TrimStart('/')}", png, "390");

        var layout = seen["layouts"]![0]!;
        Assert.Empty(seen["errors"]!.AsArray());
        Assert.Empty(layout["outside"]!.AsArray());
        Assert.Equal(layout["clientWidth"]!.GetValue<int>(), layout["scrollWidth"]!.GetValue<int>());
        Assert.True(new FileInfo(layout["screenshot"]!.GetValue<string>()).Length > 20_000, "the screenshot is too small to show the report");
    }

    private static void SkipWithout(params string[] tools) =>
        Assert.SkipWhen(
            tools.Any(tool => !File.Exists(tool)) && Environment.GetEnvironmentVariable("CI") is null,
            $"Needs {string.Join(", ", tools)} (apt-get install chromium poppler-utils); CI installs them and runs these tests.");

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^Page size:\s+([\d.]+) x ([\d.]+) pts", RegexOptions.Multiline)]
    private static partial Regex PageSizeLine();
}
