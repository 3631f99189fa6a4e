using System.Net.Sockets;
using System.Text;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// A TCP relay in front of Azurite's table endpoint. Once armed, it lets the next request whose
/// request line starts as given reach storage, then cuts the connection before the answer gets back:
/// a write that landed with its answer lost on the network, which the Azure SDK then retries.
/// </summary>
public sealed class LostAnswerRelay(string connectionString) : TableEndpointRelay(connectionString)
{
    private string? armed;
    private int lost;

    /// <summary>How many answers the relay has lost.</summary>
    public int Lost => Volatile.Read(ref lost);

    public static LostAnswerRelay InFrontOfTables(string connectionString) => new(connectionString);

    /// <param name="requestLine">Its start, such as <c>POST /devstoreaccount1/tabcSurveys?</c> for an insert into that table.</param>
    public void LoseNextAnswerTo(string requestLine) => Volatile.Write(ref armed, requestLine);

    protected override async Task RelayAsync(NetworkStream client, NetworkStream server)
    {
        var loseAnswer = false;
        var upstream = Pump(client, server, chunk =>
        {
            if (Volatile.Read(ref armed) is { } line && Encoding.ASCII.GetString(chunk.Span[..Math.Min(chunk.Length, line.Length)]) == line
                && Interlocked.CompareExchange(ref armed, null, line) == line)
            {
                loseAnswer = true;
            }

            return true;
        });
        var downstream = Pump(server, client, _ =>
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

    /// <param name="forward">False cuts the connection instead of passing the chunk on.</param>
    private async Task Pump(NetworkStream from, NetworkStream to, Func<ReadOnlyMemory<byte>, bool> forward)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, Stopping.Token)) > 0)
            {
                if (!forward(buffer.AsMemory(0, read)))
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), Stopping.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
