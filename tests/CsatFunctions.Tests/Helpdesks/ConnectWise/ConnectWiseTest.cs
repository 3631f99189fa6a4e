using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Helpdesks.ConnectWise;

/// <summary>
/// ConnectWise PSA as the pipeline meets it: callbacks signed with the key ConnectWise serves at their
/// <c>Metadata.key_url</c>, and a REST API stub (<see cref="Api"/>) that serves that key, the tickets
/// and the contacts in ConnectWise's JSON. <see cref="Elsewhere"/> stands for any other host.
/// </summary>
public abstract class ConnectWiseTest(AzuriteFixture azurite) : HelpdeskTest(azurite), IAsyncDisposable
{
    public const string ApiPath = "/v4_6_release/apis/3.0";
    public const string SigningKey = "cw-callback-signing-key-7f3a9c1e";
    public const string CompanyId = "acme";
    public const string PublicKey = "Xk2pQ7vLm9RtB4wZ";
    public const string PrivateKey = "Hn5sJ8dF3gK6aP1e";
    public const string ClientId = "0b8e2f6a-1c3d-4e5f-9a7b-2c4d6e8f0a1b";

    protected VendorApiStub Api { get; private set; } = null!;

    protected VendorApiStub Elsewhere { get; private set; } = null!;

    /// <summary>The tickets the API serves, by id, as ConnectWise's JSON; the fixture's is 1042.</summary>
    protected ConcurrentDictionary<string, JsonObject> Tickets { get; } = new();

    /// <summary>The contacts the API serves, by id.</summary>
    protected ConcurrentDictionary<string, JsonObject> Contacts { get; } = new();

    /// <summary>Completed once the API has answered a ticket read.</summary>
    protected TaskCompletionSource TicketAnswered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The key response's <c>Cache-Control</c>; none by default.</summary>
    protected string? KeyCacheControl { get; set; }

    /// <summary>This test's key URL: its own path, as each ConnectWise callback has its own.</summary>
    protected Uri KeyUrl => new(Api.BaseUrl, $"/callback-keys/{keyId}");

    private readonly string keyId = Guid.NewGuid().ToString("N");

    public override async ValueTask InitializeAsync()
    {
        Api = await VendorApiStub.StartAsync(Map, ErrorBody);
        Elsewhere = await VendorApiStub.StartAsync(site => site.MapGet("/callback-keys/{id}", () => Results.Json(new { signing_key = SigningKey })), ErrorBody);
        Tickets["1042"] = JsonNode.Parse(Fixture("ConnectWise", "connectwise-ticket-closed.json"))!.AsObject();
        Contacts["313"] = JsonNode.Parse(Fixture("ConnectWise", "connectwise-contact.json"))!.AsObject();
        await base.InitializeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        await Api.DisposeAsync();
        await Elsewhere.DisposeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Csat:Helpdesks:connectwise:ApiUrl"] = new Uri(Api.BaseUrl, ApiPath).AbsoluteUri;
        settings["Csat:Helpdesks:connectwise:CompanyId"] = CompanyId;
        settings["Csat:Helpdesks:connectwise:PublicKey"] = PublicKey;
        settings["Csat:Helpdesks:connectwise:PrivateKey"] = PrivateKey;
        settings["Csat:Helpdesks:connectwise:ClientId"] = ClientId;
    }

    /// <summary>A callback for ticket <paramref name="ticketId"/>: the fixture's, with its entity changed by <paramref name="entity"/>.</summary>
    protected string Callback(string fixture, string ticketId = "1042", Action<JsonObject>? entity = null, Uri? keyUrl = null)
    {
        var callback = JsonNode.Parse(Fixture("ConnectWise", fixture))!.AsObject();
        var ticket = JsonNode.Parse(callback["Entity"]!.GetValue<string>())!.AsObject();
        ticket["id"] = int.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture);
        entity?.Invoke(ticket);
        callback["ID"] = ticket["id"]!.DeepClone();
        callback["Entity"] = ticket.ToJsonString();
        callback["Metadata"]!["key_url"] = (keyUrl ?? KeyUrl).AbsoluteUri;
        return callback.ToJsonString();
    }

    /// <summary>Adds ticket <paramref name="ticketId"/> to the API: the closed fixture, changed by <paramref name="change"/>.</summary>
    protected void Ticket(string ticketId, Action<JsonObject>? change = null)
    {
        var ticket = JsonNode.Parse(Fixture("ConnectWise", "connectwise-ticket-closed.json"))!.AsObject();
        ticket["id"] = int.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture);
        change?.Invoke(ticket);
        Tickets[ticketId] = ticket;
    }

    /// <summary>POSTs a callback signed as ConnectWise signs it: base64(HMAC-SHA256(SHA-256(key), body)).</summary>
    protected Task<HttpResponseMessage> PostCallback(string body, string signingKey = SigningKey) =>
        Post("connectwise", body, ("x-content-signature", Sign(body, signingKey)));

    protected static string Sign(string body, string signingKey) =>
        Convert.ToBase64String(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(signingKey)), Encoding.UTF8.GetBytes(body)));

    /// <summary>Fetches and caches this test's signing key with a callback that costs no API call (the ticket is open).</summary>
    protected async Task WarmSigningKeyAsync()
    {
        using var response = await PostCallback(Callback("connectwise-callback-open.json", "1"));
        Assert.Equal("ignored", (await Json(response))["status"]!.GetValue<string>());
        Assert.Equal(1, Api.Count("GET /callback-keys/"));
    }

    protected int TicketReads(string ticketId = "1042") => Api.Count($"GET {ApiPath}/service/tickets/{ticketId}");

    protected JsonQueue<HelpdeskLookupMessage> Lookups => Host.Services.GetRequiredService<JsonQueue<HelpdeskLookupMessage>>();

    /// <summary>Waits until every look-up and the surveys it made have been handled.</summary>
    protected async Task WaitForLookupsAsync()
    {
        await Eventually.TrueAsync(async () => (await Lookups.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the look-up queue to drain");
        await Host.WaitForQueueDrainedAsync();
    }

    private void Map(WebApplication site)
    {
        site.MapGet("/callback-keys/{id}", (string id, HttpContext context) =>
        {
            if (id != keyId)
            {
                return Results.Content(ErrorBody(404), "application/json", statusCode: 404);
            }

            context.Response.Headers.CacheControl = KeyCacheControl;
            return Results.Json(new { signing_key = SigningKey });
        });
        site.MapGet(ApiPath + "/service/tickets/{id}", (string id) =>
        {
            TicketAnswered.TrySetResult();
            return Tickets.TryGetValue(id, out var ticket) ? Results.Content(ticket.ToJsonString(), "application/json") : Results.Content(ErrorBody(404), "application/json", statusCode: 404);
        });
        site.MapGet(ApiPath + "/company/contacts/{id}", (string id) =>
            Contacts.TryGetValue(id, out var contact) ? Results.Content(contact.ToJsonString(), "application/json") : Results.Content(ErrorBody(404), "application/json", statusCode: 404));
    }

    /// <summary>ConnectWise's error body: <c>{"code", "message", "errors"}</c>.</summary>
    private static string ErrorBody(int status) => Fixture("ConnectWise", status switch
    {
        404 => "connectwise-error-404.json",
        429 => "connectwise-error-429.json",
        _ => "connectwise-error-500.json",
    });
}
