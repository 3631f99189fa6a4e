using System.Diagnostics;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// Counts this process's outgoing HTTP requests whose URL matches, from .NET's own HTTP diagnostics
/// (<c>HttpHandlerDiagnosticListener</c>), so storage calls to one step's queue and tables can be told
/// from the rest.
/// </summary>
public sealed class StorageCalls : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Func<string, bool> matches;
    private readonly Action counted;
    private readonly List<IDisposable> subscriptions = [];

    private StorageCalls(Func<string, bool> matches, Action counted)
    {
        this.matches = matches;
        this.counted = counted;
    }

    public static StorageCalls Count(Func<string, bool> matches, Action counted)
    {
        var calls = new StorageCalls(matches, counted);
        calls.subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(calls));
        return calls;
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "HttpHandlerDiagnosticListener")
        {
            lock (subscriptions)
            {
                subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "System.Net.Http.HttpRequestOut.Start"
            && value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { RequestUri: { } uri }
            && matches(uri.AbsoluteUri))
        {
            counted();
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            subscriptions.ForEach(subscription => subscription.Dispose());
        }
    }
}
