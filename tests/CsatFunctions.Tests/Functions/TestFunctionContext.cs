using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Tests.Functions;

/// <summary>
/// One invocation of a function of the built app, as the worker hands it to middleware: its name and
/// entry point from functions.metadata, the invocation's services, the ASP.NET Core integration's
/// <c>HttpRequestContext</c> item for an HTTP function, and the invocation result that middleware and
/// the function set (the worker keeps it in an internal feature; a proxy of that interface holds it here).
/// </summary>
public sealed class TestFunctionContext : FunctionContext
{
    /// <summary>The key under which the ASP.NET Core integration puts the request's HttpContext (what GetHttpContext reads).</summary>
    public const string HttpContextItem = "HttpRequestContext";

    private readonly InvocationBindings bindings;

    public TestFunctionContext(JsonObject function, IServiceProvider services, Microsoft.AspNetCore.Http.HttpContext? http, CancellationToken cancellationToken)
    {
        FunctionDefinition = new MetadataFunctionDefinition(function);
        InstanceServices = services;
        CancellationToken = cancellationToken;
        if (http is not null)
        {
            Items[HttpContextItem] = http;
        }

        bindings = InvocationBindings.Create();
        Features = new FeatureCollection(bindings.Interface, bindings);
    }

    /// <summary>What the function or a middleware left as the invocation's result.</summary>
    public object? Result => bindings.InvocationResult;

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException("No test reads the trace context of an invocation.");

    public override BindingContext BindingContext => throw new NotSupportedException("The app's functions bind by parameter, not through the binding context.");

    public override RetryContext RetryContext => throw new NotSupportedException("The app declares no retry policy.");

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; }

    public override CancellationToken CancellationToken { get; }

    private sealed class MetadataFunctionDefinition(JsonObject function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => (string)function["scriptFile"]!;

        public override string EntryPoint => (string)function["entryPoint"]!;

        public override string Id => Name;

        public override string Name => (string)function["name"]!;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class FeatureCollection(Type bindingsType, object bindingsFeature) : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = new() { [bindingsType] = bindingsFeature };

        public void Set<T>(T instance) => features[typeof(T)] = instance!;

        public T? Get<T>() => features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// The worker's IFunctionBindingsFeature, which GetInvocationResult() reads and writes: internal to the
/// worker, so implemented here as a proxy of it that keeps the invocation result and has no input data.
/// </summary>
public class InvocationBindings : DispatchProxy
{
    public Type Interface { get; private set; } = null!;

    public object? InvocationResult { get; private set; }

    public static InvocationBindings Create()
    {
        var type = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;
        var proxy = (InvocationBindings)DispatchProxy.Create(type, typeof(InvocationBindings));
        proxy.Interface = type;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod?.Name)
        {
            case "get_InvocationResult":
                return InvocationResult;
            case "set_InvocationResult":
                InvocationResult = args![0];
                return null;
            case "get_InputData" or "get_TriggerMetadata":
                return new Dictionary<string, object?>();
            case "get_OutputBindingData":
                return new Dictionary<string, object?>();
            default:
                throw new NotSupportedException($"{targetMethod?.Name} of the worker's bindings feature is not used by the app.");
        }
    }
}
