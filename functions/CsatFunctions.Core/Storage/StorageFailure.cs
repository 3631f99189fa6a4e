using Azure;

namespace CsatFunctions.Storage;

/// <summary>Tells a storage outage (worth a 503 and a retry) from a caller going away or a bug.</summary>
public static class StorageFailure
{
    public static bool IsOutage(Exception exception, CancellationToken callerToken) => exception switch
    {
        RequestFailedException => true,
        HttpRequestException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.All(inner => IsOutage(inner, callerToken)),
        _ => false,
    };
}
