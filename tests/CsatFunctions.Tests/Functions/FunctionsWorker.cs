using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using CsatFunctions.Functions;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tests.Functions;

/// <summary>
/// The built Functions app's own code, run as the Functions host and the worker's ASP.NET Core
/// integration run it: Kestrel serves every HTTP function of functions.metadata at host.json's prefix
/// with its methods; each invocation goes through the app's <see cref="HttpGuardsMiddleware"/> to the
/// trigger class's method (made by the invocation's services, parameters bound by name), and the
/// <see cref="IResult"/> left as the invocation result is written to the response. Queue and timer
/// functions are invoked the same way with a message's text or a <see cref="TimerInfo"/>. The pipeline
/// behind it is Core over Azurite, registered as the app's Program.cs registers it.
/// </summary>
public sealed class FunctionsWorker : IAsyncDisposable
{
    private static readonly Assembly App = typeof(HttpGuardsMiddleware).Assembly;

    private readonly WebApplication app;

    private FunctionsWorker(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        Clock = clock;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Http { get; }

    /// <summary>The app's clock; deliveries are signed by it.</summary>
    public TimeProvider Clock { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="settings">The app settings, keyed as configuration keys (<c>Csat:AdminKey</c>).</param>
    public static async Task<FunctionsWorker> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        // The full builder: the host routes with regex constraints ({area:regex(^admin$)}). No file watching: test hosts share the machine's inotify instances.
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false"]);

        // As the app's Program.cs: the built host.json beneath the app settings.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = HostJson.Read(Path.Combine(FunctionsAppBuild.Directory, "host.json")) });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddCsatPipeline(CsatSettings.Read(builder.Configuration));
        var app = builder.Build();
        foreach (var resource in app.Services.GetServices<IProvisioned>())
        {
            await resource.CreateIfNotExistsAsync(CancellationToken.None);
        }

        var prefix = (string)FunctionsAppBuild.ReadJson("host.json")["extensions"]!["http"]!["routePrefix"]!;
        foreach (var function in FunctionsAppBuild.Metadata.Select(node => node!.AsObject()))
        {
            if (function["bindings"]!.AsArray().FirstOrDefault(binding => (string?)binding!["type"] == "httpTrigger") is { } http)
            {
                var methods = http["methods"]!.AsArray().Select(method => ((string)method!).ToUpperInvariant()).ToArray();
                app.MapMethods($"/{prefix}/{(string)http["route"]!}", methods, context => InvokeHttpAsync(function, context));
            }
        }

        await app.StartAsync();
        return new FunctionsWorker(app, clock ?? TimeProvider.System);
    }

    /// <summary>Runs a queue-triggered function on one message's text, as the host does after decoding it.</summary>
    public async Task InvokeQueueAsync(string function, string message)
    {
        await using var invocation = app.Services.CreateAsyncScope();
        await InvokeAsync(Function(function), invocation.ServiceProvider, null, parameter => parameter.ParameterType == typeof(string) ? message : throw Unbound(parameter), CancellationToken.None);
    }

    /// <summary>
    /// Hands each message waiting in the queue of <typeparamref name="T"/> to the function whose queue trigger
    /// names that queue in functions.metadata (under the default prefix; the test's own prefix is read), and
    /// deletes it once the function returns, as the host does.
    /// </summary>
    /// <returns>How many messages the function handled.</returns>
    public async Task<int> DeliverQueuedAsync<T>() where T : IQueueMessage<T>
    {
        var queued = Services.GetRequiredService<JsonQueue<T>>();
        var function = FunctionsAppBuild.Bindings("queueTrigger")
            .Single(trigger => (string?)trigger.Binding["queueName"] == $"{StorageOptions.DefaultPrefix}-{queued.Name}").Function;
        var queue = queued.Client;
        var handled = 0;
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await InvokeQueueAsync(function, message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }

        return handled;
    }

    /// <summary>Runs a timer-triggered function once, as the host does at a tick of its schedule.</summary>
    public async Task InvokeTimerAsync(string function)
    {
        await using var invocation = app.Services.CreateAsyncScope();
        await InvokeAsync(Function(function), invocation.ServiceProvider, null, parameter => parameter.ParameterType == typeof(TimerInfo) ? new TimerInfo() : throw Unbound(parameter), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task InvokeHttpAsync(JsonObject function, HttpContext http)
    {
        var result = await InvokeAsync(function, http.RequestServices, http, parameter => parameter.ParameterType == typeof(HttpRequest)
            ? http.Request
            : http.GetRouteValue(parameter.Name!)?.ToString() ?? throw Unbound(parameter), http.RequestAborted);

        // What the ASP.NET Core integration does with the invocation's result.
        if (result is IResult answer)
        {
            await answer.ExecuteAsync(http);
        }
    }

    /// <returns>The invocation result that the middleware and the function left.</returns>
    private static async Task<object?> InvokeAsync(JsonObject function, IServiceProvider services, HttpContext? http, Func<ParameterInfo, object?> bind, CancellationToken cancellationToken)
    {
        var context = new TestFunctionContext(function, services, http, cancellationToken);
        var middleware = ActivatorUtilities.CreateInstance<HttpGuardsMiddleware>(services);
        await middleware.Invoke(context, async invocation =>
        {
            var entryPoint = invocation.FunctionDefinition.EntryPoint;
            var type = App.GetType(entryPoint[..entryPoint.LastIndexOf('.')], throwOnError: true)!;
            var method = type.GetMethod(entryPoint[(entryPoint.LastIndexOf('.') + 1)..])!;
            var target = ActivatorUtilities.CreateInstance(invocation.InstanceServices, type);
            var arguments = method.GetParameters()
                .Select(parameter => parameter.ParameterType == typeof(CancellationToken) ? cancellationToken : bind(parameter))
                .ToArray();
            object? returned;
            try
            {
                returned = method.Invoke(target, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }

            // A function returns its answer (ScoreWidget), a Task of it, or a Task (queue and timer functions).
            if (returned is Task running)
            {
                await running;
                returned = method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(running) : null;
            }

            if (returned is not null)
            {
                invocation.GetInvocationResult().Value = returned;
            }
        });
        return context.Result;
    }

    private static JsonObject Function(string name) =>
        FunctionsAppBuild.Metadata.Single(function => (string?)function!["name"] == name)!.AsObject();

    private static InvalidOperationException Unbound(ParameterInfo parameter) =>
        new($"The test worker cannot bind {parameter.ParameterType.Name} {parameter.Name}.");
}
