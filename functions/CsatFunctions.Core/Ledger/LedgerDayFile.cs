using System.Text;
using System.Text.Json;
using CsatFunctions.Web;

namespace CsatFunctions.Ledger;

/// <summary>
/// One UTC day's file of the ledger as rendered so far (<c>{day}.jsonl</c>: an entry a line, in
/// sequence order). Entries are only ever added to it, and its public file is made again only then.
/// </summary>
public sealed class LedgerDayFile(string day, long first)
{
    private readonly StringBuilder lines = new();
    private PublicResource? file;

    public string Day => day;

    public string Name => $"{day}.jsonl";

    public long First => first;

    public long Last { get; private set; }

    public string LastHash { get; private set; } = LedgerEntry.Genesis;

    public string Text => lines.ToString();

    public LedgerDay Summary => new(day, Name, first, Last, LastHash);

    public PublicResource File => file ??= PublicResource.ForWebsites(Text, "application/x-ndjson; charset=utf-8", TimeSpan.FromMinutes(1));

    public void Add(LedgerEntry entry)
    {
        lines.Append(JsonSerializer.Serialize(entry, CsatJson.Default.LedgerEntry)).Append('\n');
        (Last, LastHash, file) = (entry.Seq, entry.Hash, null);
    }
}
