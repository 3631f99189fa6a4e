using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Web;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>The OpenAPI document describes exactly the routes the host maps, with the security each asks for.</summary>
public sealed class OpenApiTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    [Fact]
    public async Task Every_route_of_the_contract_is_described_once_with_its_methods_and_security()
    {
        var text = await Host.Http.GetStringAsync("/api/openapi.json");
        var document = JsonNode.Parse(text)!;

        // The admin routes' constrained first segment is the literal "admin" to callers.
        Assert.DoesNotContain("\"area\"", text);

        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal);
        var mapped = CsatRoutes.All
            .SelectMany(route => route.Methods.Select(method => $"{method} /api/{route.Template.Replace(CsatRoutes.Admin, "admin/", StringComparison.Ordinal)}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(mapped, described);

        Assert.Equal(["adminKey", "deskSession", "sendGridSignature", "webhookSignature"], document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order());
        string[] Security(string path, string method) =>
            [.. document["paths"]![path]![method]!["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)) ?? []];
        Assert.Equal(["webhookSignature"], Security("/api/tickets/resolved", "post"));
        Assert.Equal(["sendGridSignature"], Security("/api/sendgrid/events", "post"));
        Assert.Equal(["adminKey", "deskSession"], Security("/api/admin/customers/{email}", "delete"));
        Assert.Empty(Security("/api/score", "get"));
    }
}
