using System.Text.Json;

namespace CsatFunctions.Helpdesks.Freshservice;

/// <summary>
/// Writes an answer as a private note on its Freshservice ticket (<see cref="FreshworksNotes"/>):
/// Freshservice wraps the conversations in <c>{"conversations": […]}</c> and a ticket in <c>{"ticket": {…}}</c>.
/// </summary>
public sealed class FreshserviceNotes : FreshworksNotes
{
    protected override JsonElement Conversations(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("conversations", out var conversations) ? conversations : default;

    protected override JsonElement Ticket(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("ticket", out var ticket) ? ticket : default;
}
