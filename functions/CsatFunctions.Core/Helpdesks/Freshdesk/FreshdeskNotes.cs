using System.Text.Json;

namespace CsatFunctions.Helpdesks.Freshdesk;

/// <summary>
/// Writes an answer as a private note on its Freshdesk ticket (<see cref="FreshworksNotes"/>):
/// Freshdesk answers the conversations as an array and a ticket as itself.
/// </summary>
public sealed class FreshdeskNotes : FreshworksNotes
{
    protected override JsonElement Conversations(JsonElement page) => page;

    protected override JsonElement Ticket(JsonElement answer) => answer;
}
