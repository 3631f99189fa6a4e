using System.Text.Json.Nodes;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;

namespace CsatFunctions.Tests.Functions;

/// <summary>
/// The Functions host serves what the SDK's build wrote (functions.metadata, host.json, extensions.json),
/// not what the code says; these hold that output to the routes, queues and timer the self-host runs.
/// </summary>
public sealed class FunctionsMetadataTests
{
    [Fact]
    public void Every_route_of_the_contract_is_an_http_function_with_its_template_and_methods()
    {
        var served = FunctionsAppBuild.Bindings("httpTrigger")
            .ToDictionary(
                http => http.Function,
                http => (Route: (string?)http.Binding["route"], Methods: Methods(http.Binding)));
        var contract = CsatRoutes.All.ToDictionary(
            route => route.Name,
            route => (Route: (string?)route.Template, Methods: string.Join(",", route.Methods.Order(StringComparer.Ordinal))));

        Assert.Equal(contract.OrderBy(pair => pair.Key), served.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void Every_http_function_is_anonymous_and_answers_with_what_it_returns()
    {
        foreach (var function in FunctionsAppBuild.Metadata.Where(IsHttp))
        {
            var bindings = function!["bindings"]!.AsArray();
            // The app checks the admin key itself (HttpGuardsMiddleware); a function key would refuse helpdesks, customers and websites.
            Assert.Equal("Anonymous", (string?)bindings.Single(binding => (string?)binding!["type"] == "httpTrigger")!["authLevel"]);
            // The ASP.NET Core integration writes the returned IResult; without the $return binding the host answers an empty 200.
            Assert.Contains(bindings, binding => (string?)binding!["type"] == "http" && (string?)binding["name"] == "$return" && (string?)binding["direction"] == "Out");
        }
    }

    [Fact]
    public void The_host_serves_the_functions_under_api_from_the_host_json_the_self_host_reads()
    {
        var built = FunctionsAppBuild.ReadJson("host.json");

        Assert.Equal("api", (string?)built["extensions"]!["http"]!["routePrefix"]);
        Assert.Equal(File.ReadAllText(Path.Combine(Infrastructure.AzuriteProcess.RepositoryRoot(), "host.json")), File.ReadAllText(Path.Combine(FunctionsAppBuild.Directory, "host.json")));
    }

    [Fact]
    public void Each_registered_queue_step_has_a_queue_trigger_and_its_poison_queue_is_the_one_the_replay_route_reads()
    {
        using var services = PipelineWithDefaultPrefix();
        var steps = services.GetRequiredService<QueueSteps>().All;
        var triggers = FunctionsAppBuild.Bindings("queueTrigger").ToList();

        // The triggers name their queues as constants; they must be exactly the registry's queues.
        Assert.Equal(steps.Select(step => step.Client.Name).Order(), triggers.Select(trigger => (string)trigger.Binding["queueName"]!).Order());
        Assert.Equal(steps.Select(step => $"{StorageOptions.DefaultPrefix}-{step.Name}").Order(), steps.Select(step => step.Client.Name).Order());
        foreach (var (_, binding) in triggers)
        {
            // The storage account the pipeline itself is given, and the text the pipeline's JSON reader takes.
            Assert.Equal("AzureWebJobsStorage", (string?)binding["connection"]);
            Assert.Equal("String", (string?)binding["dataType"]);
        }

        // After maxDequeueCount failures the host moves a message to "{queue}-poison"; the team replays it
        // from there through the one replay route, which names the queue.
        Assert.All(steps, step => Assert.Equal(step.Client.Name + "-poison", step.Poison.Name));
        var replay = Assert.Single(FunctionsAppBuild.Bindings("httpTrigger"), http => http.Function == CsatRoutes.ReplayPoisoned);
        Assert.Equal(CsatRoutes.ReplayPoisonedTemplate, (string?)replay.Binding["route"]);

        var queueSettings = FunctionsAppBuild.ReadJson("host.json")["extensions"]!["queues"]!;
        Assert.Equal(5, (int)queueSettings["maxDequeueCount"]!);
        Assert.Equal("base64", (string?)queueSettings["messageEncoding"]);
    }

    [Fact]
    public void The_score_timer_reads_its_schedule_from_the_setting_the_pipeline_and_the_deployment_use()
    {
        var timer = Assert.Single(FunctionsAppBuild.Bindings("timerTrigger"));
        Assert.Equal("RefreshScoreOnSchedule", timer.Function);
        var expression = (string)timer.Binding["schedule"]!;

        // The host resolves %key% through configuration, where an app setting's "__" is already ":".
        Assert.Equal("%Csat:ScoreSchedule%", expression);
        var key = expression.Trim('%');
        var appSettings = JsonNode.Parse(File.ReadAllText(Path.Combine(Infrastructure.AzuriteProcess.RepositoryRoot(), "local.settings.sample.json")))!["Values"]!.AsObject();
        var resolved = new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings.Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), (string?)setting.Value)))
            .Build()[key];
        Assert.NotNull(resolved);
        Assert.NotNull(CrontabSchedule.TryParse(resolved, new CrontabSchedule.ParseOptions { IncludingSeconds = true }));

        // The deployment sets the same app setting (the host has no default for a binding expression).
        Assert.Contains("Csat__ScoreSchedule: scoreSchedule", File.ReadAllText(Path.Combine(Infrastructure.AzuriteProcess.RepositoryRoot(), "infra", "app", "function-app.bicep")));
    }

    [Fact]
    public void The_app_has_48_functions_each_bound_to_a_method_of_the_built_assembly()
    {
        var metadata = FunctionsAppBuild.Metadata;

        // A function per route, one queue trigger per queue step, and the timer.
        using var services = PipelineWithDefaultPrefix();
        Assert.Equal(CsatRoutes.All.Count + services.GetRequiredService<QueueSteps>().All.Count + 1, metadata.Count);
        Assert.Equal(48, metadata.Count);
        var assembly = typeof(CsatFunctions.Functions.HttpGuardsMiddleware).Assembly;
        foreach (var function in metadata)
        {
            Assert.Equal(Path.GetFileName(assembly.Location), (string?)function!["scriptFile"]);
            var entryPoint = (string)function["entryPoint"]!;
            var type = assembly.GetType(entryPoint[..entryPoint.LastIndexOf('.')]);
            Assert.NotNull(type?.GetMethod(entryPoint[(entryPoint.LastIndexOf('.') + 1)..]));
        }

        Assert.Equal(Path.GetFileName(assembly.Location), (string?)FunctionsAppBuild.ReadJson("worker.config.json")["description"]!["defaultWorkerPath"]);
    }

    [Fact]
    public void Every_trigger_the_host_does_not_carry_itself_comes_with_its_extension()
    {
        // HTTP and timers are built into the host; the storage queue trigger is an extension the SDK's
        // generated project built into .azurefunctions and named in extensions.json.
        var extensions = FunctionsAppBuild.ReadJson("extensions.json")["extensions"]!.AsArray();
        foreach (var extension in extensions)
        {
            var hintPath = (string)extension!["hintPath"]!;
            Assert.True(File.Exists(Path.Combine(FunctionsAppBuild.Directory, hintPath)), $"{hintPath} of {extension["name"]} is missing.");
        }

        var builtIn = new[] { "httpTrigger", "http", "timerTrigger" };
        var types = FunctionsAppBuild.Metadata.SelectMany(function => function!["bindings"]!.AsArray()).Select(binding => (string)binding!["type"]!).Distinct();
        Assert.Equal(["queueTrigger"], types.Except(builtIn));
        Assert.Contains(extensions, extension => (string?)extension!["name"] == "AzureStorageQueues"
            && ((string)extension["typeName"]!).Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Queues", StringComparison.Ordinal));
    }

    private static bool IsHttp(JsonNode? function) =>
        function!["bindings"]!.AsArray().Any(binding => (string?)binding!["type"] == "httpTrigger");

    private static string Methods(JsonObject binding) =>
        string.Join(",", binding["methods"]!.AsArray().Select(method => ((string)method!).ToUpperInvariant()).Order(StringComparer.Ordinal));

    /// <summary>The pipeline as the Functions app configures it (the default storage prefix); nothing here touches storage.</summary>
    private static ServiceProvider PipelineWithDefaultPrefix()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Csat:LinkSigningKey"] = Infrastructure.PipelineHost.LinkSigningKeyText,
            ["SendGrid:ApiKey"] = Infrastructure.PipelineHost.SendGridApiKey,
        }).Build();
        var settings = CsatSettings.Read(config);
        Assert.Equal(StorageOptions.DefaultPrefix, settings.Storage.Prefix);
        return new ServiceCollection().AddLogging().AddCsatPipeline(settings).BuildServiceProvider();
    }
}
