using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace CsatFunctions.Ledger.Log.Witnesses;

/// <summary>
/// One C2SP tlog-witness add-checkpoint: POSTs <c>old {size}</c>, the consistency proof (a base64 hash
/// a line), a blank line and the signed checkpoint, and reads the witness's answer. A timeout or a
/// network failure is thrown, for the caller to tell its own cancellation from the witness's silence.
/// </summary>
public sealed class WitnessExchange(IHttpClientFactory httpClients)
{
    /// <summary>The named HTTP client: no redirects followed, nothing of the URL logged.</summary>
    public const string Client = "csat-log-witnesses";

    /// <summary>An answer is a few signature lines; more than this is not a witness's answer.</summary>
    private const int MostBytes = 64 * 1024;

    private const string SizeType = "text/x.tlog.size";

    public async Task<WitnessAnswer> AddCheckpointAsync(LogWitness witness, long oldSize, IReadOnlyList<byte[]> proof, SignedNote checkpoint, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("old ").Append(oldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in proof)
        {
            body.Append(Convert.ToBase64String(hash)).Append('\n');
        }

        body.Append('\n').Append(checkpoint);
        using var request = new HttpRequestMessage(HttpMethod.Post, witness.AddCheckpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString())) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        using var response = await httpClients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (status is not ("200" or "409"))
        {
            return new WitnessAnswer.Refused(status);
        }

        if (await ReadAsync(response.Content, cancellationToken) is not { } text)
        {
            return new WitnessAnswer.Refused($"{status} with an answer over {MostBytes / 1024} KiB");
        }

        if (status == "409")
        {
            return string.Equals(response.Content.Headers.ContentType?.MediaType, SizeType, StringComparison.OrdinalIgnoreCase)
                && text.EndsWith('\n') && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                ? new WitnessAnswer.Conflict(size)
                : new WitnessAnswer.Refused($"409 without its size as {SizeType}");
        }

        // Lines that are not signature lines are no cosignature: ignored like those of keys not configured.
        return new WitnessAnswer.Cosigned([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NoteSignature.Parse).OfType<NoteSignature>()]);
    }

    /// <returns>The answer's text, or null when it is longer than <see cref="MostBytes"/>.</returns>
    private static async Task<string?> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MostBytes + 1];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += chunk;
        }

        return read > MostBytes ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }
}
