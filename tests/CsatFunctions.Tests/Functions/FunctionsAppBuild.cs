using System.Text.Json.Nodes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Functions;

/// <summary>
/// What the Functions SDK's build wrote for functions/CsatFunctions: the app in the configuration the
/// tests were built in (their project reference builds it first), with functions.metadata, host.json,
/// worker.config.json, extensions.json and the extensions project's output in .azurefunctions.
/// </summary>
public static class FunctionsAppBuild
{
    /// <summary>functions/CsatFunctions/bin/{configuration}/{framework}, named after the tests' own bin folder.</summary>
    public static string Directory { get; } = OutputDirectory();

    public static JsonArray Metadata => ReadJson("functions.metadata").AsArray();

    public static JsonNode ReadJson(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        Assert.True(File.Exists(path), $"{path} is missing: build functions/CsatFunctions (the tests' project reference does).");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }

    /// <summary>The function's bindings of one type, such as <c>queueTrigger</c>.</summary>
    public static IEnumerable<(string Function, JsonObject Binding)> Bindings(string type) =>
        from function in Metadata
        from binding in function!["bindings"]!.AsArray()
        where (string?)binding!["type"] == type
        select ((string)function["name"]!, binding.AsObject());

    private static string OutputDirectory()
    {
        // The tests run from tests/CsatFunctions.Tests/bin/{configuration}/{framework}/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent!;
        return Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions", "bin", configuration.Name, framework.Name);
    }
}
