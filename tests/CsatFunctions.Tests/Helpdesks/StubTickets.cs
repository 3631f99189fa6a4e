using System.Collections.Concurrent;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>
/// The tickets a helpdesk API stub holds, by id, for the write-back routes each helpdesk's notes API
/// maps: the notes written to each (in the vendor's JSON), its status and its tags. A ticket not
/// here is one the helpdesk does not have (deleted): its routes answer 404.
/// </summary>
public sealed class StubTickets
{
    private readonly ConcurrentDictionary<string, StubTicket> tickets = new(StringComparer.Ordinal);
    private long lastId = 1000;

    public StubTicket Add(string id) => tickets.GetOrAdd(id, _ => new StubTicket());

    public StubTicket? Find(string id) => tickets.TryGetValue(id, out var ticket) ? ticket : null;

    /// <summary>Every note on every ticket: the count a test compares with the notes it expects.</summary>
    public int NoteCount => tickets.Values.Sum(ticket => ticket.Notes.Count);

    /// <summary>A new id for a note the stub creates, as the vendor assigns them.</summary>
    public long NextId() => Interlocked.Increment(ref lastId);
}
