using System.Globalization;
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
public sealed partial class ConflictingWritesRelay(string connectionString) : TableEndpointRelay(connectionString)
{
    private const string ConflictBody = """{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"lang":"en-US","value":"The update condition specified in the request was not satisfied."}}}""";

    private string? armed;
    private int refused;

    /// <summary>How many writes the relay has answered 412.</summary>
    public int Refused => Volatile.Read(ref refused);

    public static ConflictingWritesRelay InFrontOfTables(string connectionString) => new(connectionString);

    /// <param name="requestLine">Its start, such as <c>PATCH /devstoreaccount1/tabcSurveys(</c> for a merge into that table's rows; null lets everything through again.</param>
    public void Refuse(string? requestLine) => Volatile.Write(ref armed, requestLine);

    protected override async Task RelayAsync(NetworkStream client, NetworkStream server) =>
        await Task.WhenAny(UpstreamAsync(client, server), Pump(server, client));

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
            while ((read = await from.ReadAsync(buffer, Stopping.Token)) > 0)
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
                    await from.WriteAsync(Encoding.ASCII.GetBytes(answer), Stopping.Token);
                    continue;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), Stopping.Token);
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
            await from.CopyToAsync(to, Stopping.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    [GeneratedRegex(@"(?im)^Content-Length:\s*(\d+)\s*$")]
    private static partial Regex ContentLength();
}
