using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// A TCP relay in front of Azurite's table endpoint. Once armed, it lets the next request whose
/// request line starts as given reach storage, then cuts the connection before the answer gets back:
/// a write that landed with its answer lost on the network, which the Azure SDK then retries.
/// </summary>
public sealed partial class LostAnswerRelay : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly int targetPort;
    private readonly Task accepting;
    private string? armed;
    private int lost;

    private LostAnswerRelay(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>The connection string with the table endpoint behind the relay.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>How many answers the relay has lost.</summary>
    public int Lost => Volatile.Read(ref lost);

    public static LostAnswerRelay InFrontOfTables(string connectionString)
    {
        var relay = new LostAnswerRelay(int.Parse(TableEndpointPort().Match(connectionString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        relay.ConnectionString = TableEndpointPort().Replace(connectionString, $"TableEndpoint=http://127.0.0.1:{((IPEndPoint)relay.listener.LocalEndpoint).Port}/");
        return relay;
    }

    /// <param name="requestLine">Its start, such as <c>POST /devstoreaccount1/tabcSurveys?</c> for an insert into that table.</param>
    public void LoseNextAnswerTo(string requestLine) => Volatile.Write(ref armed, requestLine);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
            var loseAnswer = false;
            var upstream = Pump(client.GetStream(), server.GetStream(), chunk =>
            {
                if (Volatile.Read(ref armed) is { } line && Encoding.ASCII.GetString(chunk.Span[..Math.Min(chunk.Length, line.Length)]) == line
                    && Interlocked.CompareExchange(ref armed, null, line) == line)
                {
                    loseAnswer = true;
                }

                return true;
            });
            var downstream = Pump(server.GetStream(), client.GetStream(), _ =>
            {
                if (!loseAnswer)
                {
                    return true;
                }

                Interlocked.Increment(ref lost);
                return false;
            });
            await Task.WhenAny(upstream, downstream);
        }
    }

    /// <param name="forward">False cuts the connection instead of passing the chunk on.</param>
    private async Task Pump(NetworkStream from, NetworkStream to, Func<ReadOnlyMemory<byte>, bool> forward)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
            {
                if (!forward(buffer.AsMemory(0, read)))
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    [GeneratedRegex(@"TableEndpoint=http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex TableEndpointPort();
}
