using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// A TCP relay in front of Azurite's table endpoint. While armed, every request whose request line
/// starts as given is kept from storage and answered <c>412 Precondition Failed</c>, as the Table
/// service answers a conditional write whose row another writer changed since it was read: a row that
/// keeps changing under a step, every time it tries. Everything else passes through.
/// </summary>
public sealed partial class ConflictingWritesRelay : IAsyncDisposable
{
    private const string ConflictBody = """{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"lang":"en-US","value":"The update condition specified in the request was not satisfied."}}}""";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly int targetPort;
    private readonly Task accepting;
    private string? armed;
    private int refused;

    private ConflictingWritesRelay(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>The connection string with the table endpoint behind the relay.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>How many writes the relay has answered 412.</summary>
    public int Refused => Volatile.Read(ref refused);

    public static ConflictingWritesRelay InFrontOfTables(string connectionString)
    {
        var relay = new ConflictingWritesRelay(int.Parse(TableEndpointPort().Match(connectionString).Groups[1].Value, CultureInfo.InvariantCulture));
        relay.ConnectionString = TableEndpointPort().Replace(connectionString, $"TableEndpoint=http://127.0.0.1:{((IPEndPoint)relay.listener.LocalEndpoint).Port}/");
        return relay;
    }

    /// <param name="requestLine">Its start, such as <c>PATCH /devstoreaccount1/tabcSurveys(</c> for a merge into that table's rows; null lets everything through again.</param>
    public void Refuse(string? requestLine) => Volatile.Write(ref armed, requestLine);

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
            var upstream = UpstreamAsync(client.GetStream(), server.GetStream());
            var downstream = Pump(server.GetStream(), client.GetStream());
            await Task.WhenAny(upstream, downstream);
        }
    }

    /// <summary>
    /// Passes the client's requests on, except a refused one: its body is read to its end (so the
    /// connection stays usable) and the client is answered 412 without storage seeing it. The client
    /// waits for that answer before it sends more on the connection, so nothing else writes to it meanwhile.
    /// </summary>
    private async Task UpstreamAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[64 * 1024];
        long skipping = 0;
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
            {
                if (skipping > 0)
                {
                    skipping -= read;
                    continue;
                }

                var text = Encoding.ASCII.GetString(buffer, 0, read);
                if (Volatile.Read(ref armed) is { } line && text.StartsWith(line, StringComparison.Ordinal) && text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                {
                    var length = ContentLength().Match(text[..end]) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
                    skipping = length - (read - end - 4);
                    Interlocked.Increment(ref refused);
                    var answer = $"HTTP/1.1 412 Precondition Failed\r\nContent-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\nx-ms-request-id: {Guid.NewGuid()}\r\nx-ms-version: 2019-02-02\r\nContent-Length: {ConflictBody.Length}\r\n\r\n{ConflictBody}";
                    await from.WriteAsync(Encoding.ASCII.GetBytes(answer), stopping.Token);
                    continue;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, stopping.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    [GeneratedRegex(@"TableEndpoint=http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex TableEndpointPort();

    [GeneratedRegex(@"(?im)^Content-Length:\s*(\d+)\s*$")]
    private static partial Regex ContentLength();
}
