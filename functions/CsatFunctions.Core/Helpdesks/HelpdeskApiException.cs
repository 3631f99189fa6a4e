using System.Net;
using System.Net.Http.Headers;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// A helpdesk's API answered with an error we may outwait (429, 5xx, a refused credential being
/// fixed): the look-up is tried again later, no sooner than the helpdesk's own <c>Retry-After</c>.
/// </summary>
public sealed class HelpdeskApiException(string helpdesk, HttpStatusCode status, HttpResponseHeaders? headers)
    : Exception($"{helpdesk}'s API answered {(int)status} {status}.")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The response's headers, for its <c>Retry-After</c> or <c>X-RateLimit-Reset</c>.</summary>
    public HttpResponseHeaders? Headers { get; } = headers;
}
