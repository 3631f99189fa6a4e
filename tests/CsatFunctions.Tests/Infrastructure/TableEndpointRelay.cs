using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// A TCP relay in front of Azurite's table endpoint, for tests that make storage misbehave on the wire
/// as a real network or a busy table can; what it does to the traffic is each relay's own.
/// </summary>
public abstract partial class TableEndpointRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int targetPort;
    private readonly Task accepting;

    protected TableEndpointRelay(string connectionString)
    {
        targetPort = int.Parse(TableEndpointPort().Match(connectionString).Groups[1].Value, CultureInfo.InvariantCulture);
        listener.Start();
        ConnectionString = TableEndpointPort().Replace(connectionString, $"TableEndpoint=http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = AcceptAsync();
    }

    /// <summary>The connection string with the table endpoint behind the relay.</summary>
    public string ConnectionString { get; }

    protected CancellationTokenSource Stopping { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Stopping.CancelAsync();
        listener.Stop();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        Stopping.Dispose();
    }

    /// <summary>Carries one client connection's traffic to storage and back, until either side ends.</summary>
    protected abstract Task RelayAsync(NetworkStream client, NetworkStream server);

    private async Task AcceptAsync()
    {
        while (!Stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(Stopping.Token);
            _ = ConnectAsync(client);
        }
    }

    private async Task ConnectAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort, Stopping.Token);
            await RelayAsync(client.GetStream(), server.GetStream());
        }
    }

    [GeneratedRegex(@"TableEndpoint=http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex TableEndpointPort();
}
