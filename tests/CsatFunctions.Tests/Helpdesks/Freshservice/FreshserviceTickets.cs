using System.Text.Json.Nodes;

namespace CsatFunctions.Tests.Helpdesks.Freshservice;

/// <summary>
/// Freshservice's tickets for <see cref="FreshworksNotesApi"/> (https://api.freshservice.com/): the note is
/// answered as <c>{"conversation": …}</c>, a page as <c>{"conversations": […], "meta": {"count"}}</c> and the
/// ticket as <c>{"ticket": …}</c>.
/// </summary>
public sealed class FreshserviceTickets : FreshworksTickets
{
    public const string ApiKey = "fs-agent-api-key-8wLm";

    public override string Key => ApiKey;

    public override JsonObject Conversation(string ticketId, int n, string html, bool isPrivate) => new()
    {
        ["id"] = 9000 + n,
        ["body"] = html,
        ["body_text"] = BodyText(html),
        ["incoming"] = false,
        ["private"] = isPrivate,
        ["user_id"] = 21000418005,
        ["ticket_id"] = long.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture),
        ["source"] = 2,
        ["created_at"] = "2026-12-01T09:00:00Z",
    };

    public override JsonNode NoteAnswer(JsonObject note) => new JsonObject { ["conversation"] = note };

    public override JsonNode PageAnswer(JsonArray page, int count) =>
        new JsonObject { ["conversations"] = page, ["meta"] = new JsonObject { ["count"] = count } };

    public override JsonNode TicketAnswer(JsonObject ticket) => new JsonObject { ["ticket"] = ticket };

    /// <summary>Freshservice's error body: <c>{"description", "errors": [{"field", "message", "code"}]}</c>.</summary>
    public override string ErrorBody(int status) => new JsonObject
    {
        ["description"] = status == 429 ? "Too many requests" : "Error",
        ["errors"] = new JsonArray(new JsonObject { ["field"] = "", ["message"] = $"HTTP {status}", ["code"] = status == 404 ? "not_found" : "error" }),
    }.ToJsonString();

    protected override JsonObject Ticket(long id, JsonArray tags) =>
        new() { ["id"] = id, ["subject"] = "VPN drops", ["status"] = 4, ["priority"] = 2, ["tags"] = tags };
}
