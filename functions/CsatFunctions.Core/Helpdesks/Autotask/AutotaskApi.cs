using System.Net.Http.Headers;
using System.Text.Json;

namespace CsatFunctions.Helpdesks.Autotask;

/// <summary>
/// Calls the Autotask REST API of the configured zone
/// (<c>https://webservices{n}.autotask.net/atservicesrest/v1.0</c>), authenticated as Autotask
/// documents it: the headers <c>ApiIntegrationCode</c>, <c>UserName</c> and <c>Secret</c>.
/// </summary>
public sealed class AutotaskApi(HelpdeskCall call)
{
    public const string ApiUrl = ApiCredentials.ApiUrl;
    public const string ApiIntegrationCode = "ApiIntegrationCode";
    public const string ApiUser = "ApiUser";
    public const string ApiSecret = "ApiSecret";

    /// <summary><c>GET /{entity}/{id}</c>, which answers <c>{"item": {…}}</c>.</summary>
    /// <param name="entity">The REST entity path, such as <c>Tickets</c>.</param>
    /// <param name="id">An Autotask id: digits only, so it is a single path segment.</param>
    /// <returns>The item, or null when Autotask has none by that id (404, or <c>"item": null</c>).</returns>
    /// <exception cref="HelpdeskApiException">Autotask refused or failed (its body is <c>{"errors": […]}</c>); tried again later.</exception>
    public async Task<JsonElement?> GetAsync(string entity, string id, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"{entity}/{id}");
        using var document = await call.ReadJsonAsync(request, cancellationToken);
        return document is not null && document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("item", out var item) && item.ValueKind == JsonValueKind.Object
            ? item.Clone()
            : null;
    }

    /// <summary>A request to <c>{ApiUrl}/{path}</c> with the API user's headers and, for a write, its JSON body.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(call.Config.Url(ApiUrl)!, path));
        request.Headers.Add(ApiIntegrationCode, call.Config[ApiIntegrationCode]);
        request.Headers.Add("UserName", call.Config[ApiUser]);
        request.Headers.Add("Secret", call.Config[ApiSecret]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // Autotask's examples send Content-Type on every call, GETs included; a GET has no body to carry it otherwise.
        request.Content = body ?? new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        return request;
    }
}
