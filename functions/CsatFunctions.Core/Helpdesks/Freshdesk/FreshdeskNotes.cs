using System.Text.Json;

namespace CsatFunctions.Helpdesks.Freshdesk;

/// <summary>
/// Writes an answer as a private note on its Freshdesk ticket (<see cref="FreshworksNotes"/>):
/// Freshdesk answers the conversations as an array and a ticket as itself.
/// </summary>
public sealed class FreshdeskNotes : FreshworksNotes
{
    /// <summary>
    /// Freshdesk allows 200 calls a minute on its smallest paid plan (Growth), for the whole account
    /// (https://support.freshdesk.com/support/solutions/articles/225439): 1.5 notes a second, 90 a
    /// minute, stays under half of it, leaving the rest to the team's own apps and a bottom answer's update.
    /// </summary>
    public override double DefaultNotesPerSecond => 1.5;

    protected override JsonElement Conversations(JsonElement page) => page;

    protected override JsonElement Ticket(JsonElement answer) => answer;
}
