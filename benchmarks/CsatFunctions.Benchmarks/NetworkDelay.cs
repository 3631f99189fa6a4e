using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace CsatFunctions.Benchmarks;

/// <summary>
/// A TCP relay in front of a local port that holds every chunk for a fixed time each way, as the
/// network between an app and a storage account in its region does. Azurite on loopback answers in
/// a fraction of a millisecond and serves one request at a time, so it cannot show what the number of
/// sequential storage stages costs; behind this relay, each stage costs a network round trip.
/// Chunks keep their order and are pipelined: the delay is latency, not a bandwidth limit.
/// </summary>
public sealed class NetworkDelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    private NetworkDelay(int targetPort, TimeSpan eachWay)
    {
        listener.Start();
        accepting = AcceptAsync(targetPort, eachWay);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <returns>The connection string with each of Azurite's endpoints behind its own relay.</returns>
    public static (string ConnectionString, IAsyncDisposable Relays) InFrontOf(string connectionString, (int Blob, int Queue, int Table) ports, TimeSpan eachWay)
    {
        var relays = new[] { ports.Blob, ports.Queue, ports.Table }.Select(port => new NetworkDelay(port, eachWay)).ToArray();
        var relayed = connectionString
            .Replace($":{ports.Blob}/", $":{relays[0].Port}/", StringComparison.Ordinal)
            .Replace($":{ports.Queue}/", $":{relays[1].Port}/", StringComparison.Ordinal)
            .Replace($":{ports.Table}/", $":{relays[2].Port}/", StringComparison.Ordinal);
        return (relayed, new All(relays));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task AcceptAsync(int targetPort, TimeSpan eachWay)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = RelayAsync(client, targetPort, eachWay);
        }
    }

    private async Task RelayAsync(TcpClient client, int targetPort, TimeSpan eachWay)
    {
        using (client)
        using (var server = new TcpClient())
        {
            client.NoDelay = true;
            server.NoDelay = true;
            await server.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
            using var closed = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            await Task.WhenAny(
                PumpAsync(client.GetStream(), server.GetStream(), eachWay, closed.Token),
                PumpAsync(server.GetStream(), client.GetStream(), eachWay, closed.Token));
            await closed.CancelAsync();
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, TimeSpan delay, CancellationToken cancellationToken)
    {
        var inFlight = Channel.CreateUnbounded<(long Due, byte[] Chunk)>();
        async Task DeliverAsync()
        {
            await foreach (var (due, chunk) in inFlight.Reader.ReadAllAsync(cancellationToken))
            {
                var wait = TimeSpan.FromSeconds((due - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                await to.WriteAsync(chunk, cancellationToken);
            }
        }

        var delivering = DeliverAsync();
        try
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                inFlight.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), buffer[..read]));
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The other side closed.
        }

        inFlight.Writer.TryComplete();
        await delivering.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private sealed class All(NetworkDelay[] relays) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }
        }
    }
}
