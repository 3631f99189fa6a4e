using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// What a helpdesk's format gets when it must do more than read the delivery: its configuration, and a
/// client for the only hosts it may call (the configured <c>ApiUrl</c>, and for ConnectWise's signing
/// keys the configured <c>KeyUrlOrigin</c>).
/// </summary>
/// <param name="Http">The <c>helpdesks</c> client: its timeout bounds one call; a webhook that must answer sooner passes a shorter token.</param>
public sealed record HelpdeskCall(HelpdeskConfig Config, HttpClient Http, TimeProvider Time)
{
    /// <summary>Sends a request that reads one thing from the helpdesk's API.</summary>
    /// <returns>The JSON answer (dispose it), or null when the thing is not there (404: a ticket deleted meanwhile).</returns>
    /// <exception cref="HelpdeskApiException">Any other error status; the look-up is tried again later.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached; tried again later.</exception>
    /// <exception cref="TaskCanceledException">The API did not answer within the client's timeout; tried again later.</exception>
    public async Task<JsonDocument?> ReadJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (await ReadPageAsync(request, cancellationToken)).Json;

    /// <summary>
    /// As <see cref="ReadJsonAsync"/>, with the response's headers too: for lists whose answer says in a
    /// header whether another page follows (Freshdesk's and Freshservice's <c>Link: &lt;…&gt;; rel="next"</c>).
    /// </summary>
    /// <returns>The JSON answer (dispose it), or null on 404; and the response's headers either way.</returns>
    /// <exception cref="HelpdeskApiException">Any other error status.</exception>
    public async Task<(JsonDocument? Json, HttpResponseHeaders Headers)> ReadPageAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, response.Headers);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HelpdeskApiException(Config.Helpdesk, response.StatusCode, response.Headers);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return (await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken), response.Headers);
    }

    /// <summary>Sends a request that changes something in the helpdesk (a note, a status, a tag).</summary>
    /// <exception cref="HelpdeskApiException">Any error status, 404 included: the caller decides what each means.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached.</exception>
    /// <exception cref="TaskCanceledException">The API did not answer within the client's timeout.</exception>
    public async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HelpdeskApiException(Config.Helpdesk, response.StatusCode, response.Headers);
        }
    }
}
