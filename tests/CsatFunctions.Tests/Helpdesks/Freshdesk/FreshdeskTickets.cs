using System.Text.Json.Nodes;

namespace CsatFunctions.Tests.Helpdesks.Freshdesk;

/// <summary>
/// Freshdesk's tickets for <see cref="FreshworksNotesApi"/> (https://developers.freshdesk.com/api/):
/// the note, the page of conversations (an array) and the ticket are answered bare.
/// </summary>
public sealed class FreshdeskTickets : FreshworksTickets
{
    public const string ApiKey = "fd-agent-api-key-3kQ9";

    public override string Key => ApiKey;

    public override JsonObject Conversation(string ticketId, int n, string html, bool isPrivate) => new()
    {
        ["id"] = 5000 + n,
        ["body"] = html,
        ["body_text"] = BodyText(html),
        ["incoming"] = false,
        ["private"] = isPrivate,
        ["user_id"] = 77,
        ["ticket_id"] = long.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture),
        ["created_at"] = "2026-12-01T09:00:00Z",
    };

    public override JsonNode NoteAnswer(JsonObject note) => note;

    public override JsonNode PageAnswer(JsonArray page, int count) => page;

    public override JsonNode TicketAnswer(JsonObject ticket) => ticket;

    /// <summary>Freshdesk's error body: <c>{"description", "errors": [{"code", "message"}]}</c> (for 404 and 429 too, whose bodies the writer does not read).</summary>
    public override string ErrorBody(int status) => new JsonObject
    {
        ["description"] = status == 429 ? "Too many requests" : "Error",
        ["errors"] = new JsonArray(new JsonObject { ["code"] = status == 404 ? "not_found" : "error", ["message"] = $"HTTP {status}" }),
    }.ToJsonString();

    protected override JsonObject Ticket(long id, JsonArray tags) =>
        new() { ["id"] = id, ["subject"] = "Printer offline", ["status"] = 4, ["priority"] = 1, ["tags"] = tags };
}
