using System.Net.Sockets;
using Azure;

namespace CsatFunctions.Storage;

/// <summary>
/// Tells a storage outage (worth a 503 and a retry) from a permanent refusal, a caller going away or
/// a bug. An outage is what may pass by itself: no answer at all (connection refused or reset, DNS,
/// the SDK's network timeout), a timeout or throttling answer (408, 429), or a server error (5xx).
/// Any other answer (400 for a value storage cannot keep, 403, 404, 409…) is the same on every retry.
/// An <see cref="IOException"/> on its own is not storage's: it is what reading a client's body throws.
/// </summary>
public static class StorageFailure
{
    public static bool IsOutage(Exception exception, CancellationToken callerToken) => exception switch
    {
        // The caller went away (an HTTP client hanging up mid-body): whatever broke, there is no one to answer.
        _ when callerToken.IsCancellationRequested => false,
        RequestFailedException failed => failed.Status is 408 or 429 or >= 500
            // Status 0: no answer came; the SDK wraps the network's own failure.
            || (failed.Status == 0 && failed.InnerException is HttpRequestException or SocketException or IOException or TimeoutException),
        HttpRequestException => true,

        // The SDK's network timeout cancels the call without the caller having asked to.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.All(inner => IsOutage(inner, callerToken)),
        _ => false,
    };

    /// <summary>Storage refused what it was given as invalid (400): a value it cannot keep, such as a key with <c>#</c> or <c>/</c> in it.</summary>
    public static bool IsInvalidValue(Exception exception) => exception is RequestFailedException { Status: 400 };
}
