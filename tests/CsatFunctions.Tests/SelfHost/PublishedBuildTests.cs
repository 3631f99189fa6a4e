using System.Net;
using System.Net.Http.Headers;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>Publishing compiles and trims the whole app on both cores, so this class runs alone.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class PublishedBuildCollection;

/// <summary>
/// What an operator deploys: <c>dotnet publish</c> of the self-host, self-contained and trimmed where
/// safe, run as its own process with no .NET installed beside it, taking a ticket through to the score.
/// </summary>
[Collection(typeof(PublishedBuildCollection))]
[Drill]
public sealed class PublishedBuildTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_published_build_is_self_contained_trimmed_only_where_safe_and_runs_a_ticket_to_the_score()
    {
        var work = Directory.CreateTempSubdirectory("csat-publish-");
        try
        {
            var executable = await PublishedSelfHost.PublishAsync(work.FullName, TestContext.Current.CancellationToken);
            var output = Path.GetDirectoryName(executable)!;

            // Self-contained: the runtime travels with it, and it starts as its own executable.
            Assert.True(File.Exists(executable), "No executable was published.");
            Assert.True(File.Exists(Path.Combine(output, RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "libcoreclr.so" : "coreclr.dll")), "The runtime was not published with the app.");

            // Trimmed where safe: a framework assembly lost the types nothing reaches; the Azure SDK, which reflects, kept all of its.
            var xml = (Published: Types(Path.Combine(output, "System.Private.Xml.dll")), Framework: Types(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "System.Private.Xml.dll")));
            Assert.True(xml.Published < xml.Framework, $"The framework was not trimmed: System.Private.Xml has {xml.Published} of its {xml.Framework} types.");
            // Compared with the self-host's own untrimmed build: the tests' folder holds the newer Azure.Core the Functions app brings.
            var framework = new DirectoryInfo(AppContext.BaseDirectory);
            var selfHostBuild = Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions.SelfHost", "bin", framework.Parent!.Name, framework.Name);
            Assert.Equal(Types(Path.Combine(selfHostBuild, "Azure.Core.dll")), Types(Path.Combine(output, "Azure.Core.dll")));

            await using var sendGrid = await SendGridStub.StartAsync();
            var settings = PipelineHost.TestSettings(azurite.ConnectionString, sendGrid);
            await using var host = await SelfHostProcess.StartAsync(settings, SelfHostProcess.FreePort(), executable);
            using var http = new HttpClient { BaseAddress = host.BaseUrl };

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
            Assert.NotNull(JsonNode.Parse(await http.GetStringAsync("/api/openapi.json"))!["paths"]!["/api/tickets/resolved"]);

            using var ticket = PipelineHost.SignedTicket(PipelineHost.Ticket("T-PUBLISHED", "published@example.org", "Pat"), TimeProvider.System.GetUtcNow());
            Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(ticket)).StatusCode);
            var mail = (await sendGrid.WaitForAsync(1)).Single();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(SurveyMail.LinkFor(mail, "excellent"))).StatusCode);
            using (var rating = new HttpRequestMessage(HttpMethod.Post, SurveyMail.PostPathFor(mail)) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["rating"] = "excellent", ["comment"] = "Quick and kind" }) })
            {
                rating.Headers.Accept.ParseAdd("application/json");
                using var answered = await http.SendAsync(rating);
                Assert.Equal("excellent", JsonNode.Parse(await answered.Content.ReadAsStringAsync())!["rating"]!.GetValue<string>());
            }

            using (var refresh = new HttpRequestMessage(HttpMethod.Post, "/api/admin/score/refresh"))
            {
                refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(refresh)).StatusCode);
            }

            var window = JsonNode.Parse(await http.GetStringAsync("/api/score"))!["windows"]!["allTime"]!;
            Assert.Equal((1, 1, 1), (window["surveyed"]!.GetValue<int>(), window["rated"]!.GetValue<int>(), window["excellent"]!.GetValue<int>()));
            Assert.StartsWith("<svg", await http.GetStringAsync("/api/score/badge.svg"));
            using var refused = await http.PostAsync("/api/tickets/resolved", new StringContent("{}"));
            Assert.Equal(("application/problem+json", HttpStatusCode.Unauthorized), (refused.Content.Headers.ContentType?.MediaType, refused.StatusCode));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static int Types(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.GetMetadataReader().TypeDefinitions.Count;
    }
}
