using System.Text.Json;

namespace CsatFunctions.Helpdesks.Freshservice;

/// <summary>
/// Writes an answer as a private note on its Freshservice ticket (<see cref="FreshworksNotes"/>):
/// Freshservice wraps the conversations in <c>{"conversations": […]}</c> and a ticket in <c>{"ticket": {…}}</c>.
/// </summary>
public sealed class FreshserviceNotes : FreshworksNotes
{
    /// <summary>
    /// Freshservice allows 100 calls a minute on its smallest plan (Starter), for the whole account
    /// (https://api.freshservice.com/#ratelimit): 0.8 notes a second, 48 a minute, stays under half
    /// of it, leaving the rest to the team's own apps and a bottom answer's update.
    /// </summary>
    public override double DefaultNotesPerSecond => 0.8;

    protected override JsonElement Conversations(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("conversations", out var conversations) ? conversations : default;

    protected override JsonElement Ticket(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("ticket", out var ticket) ? ticket : default;
}
