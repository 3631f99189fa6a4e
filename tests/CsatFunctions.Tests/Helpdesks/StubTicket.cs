using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>One ticket of <see cref="StubTickets"/>: what write-back did to it.</summary>
public sealed class StubTicket
{
    private readonly object gate = new();
    private readonly List<JsonObject> notes = [];

    /// <summary>The notes in the order written, as the vendor's API would list them.</summary>
    public IReadOnlyList<JsonObject> Notes
    {
        get
        {
            lock (gate)
            {
                return [.. notes];
            }
        }
    }

    /// <summary>The status last set, as the vendor's request gave it (each stub says how it writes it down); null when never changed.</summary>
    public string? Status { get; set; }

    public ConcurrentQueue<string> Tags { get; } = new();

    public void AddNote(JsonObject note)
    {
        lock (gate)
        {
            notes.Add(note);
        }
    }
}
