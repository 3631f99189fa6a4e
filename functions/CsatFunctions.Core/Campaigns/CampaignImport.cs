using System.Text.Json;
using CsatFunctions.Consent;
using CsatFunctions.Tickets;
using CsatFunctions.Web;

namespace CsatFunctions.Campaigns;

/// <summary>One line of a JSON import, as sent.</summary>
public sealed record CampaignCustomerLine(string? Email, string? Name, string? Locale);

/// <summary>A line the import left out, and why.</summary>
public sealed record RejectedLine(int Line, string Reason);

/// <summary><c>PUT /api/admin/campaigns/{name}/customers</c>'s answer.</summary>
public sealed record ImportAnswer(int Imported, int Removed, IReadOnlyList<RejectedLine> Rejected);

/// <summary>
/// Imports a campaign's customers from CSV (a header row naming <c>email</c>, and optionally
/// <c>name</c> and <c>locale</c>, in any order) or a JSON array of the same, as an upsert keyed by
/// address: importing again changes names and languages and removes nobody, unless asked to remove
/// everyone the import does not list. Lines stream through and are written a transaction of 100 at a
/// time, so 50,000 customers never sit in memory together; only the addresses seen are kept, to
/// name duplicates. Every line left out is named with its reason.
/// </summary>
public sealed class CampaignImport(CampaignCustomers customers)
{
    public static readonly string[] Columns = ["email", "name", "locale"];

    /// <returns>The answer, or null when the body is not CSV with an email column (or not a JSON array).</returns>
    public async Task<ImportAnswer?> ImportAsync(string campaign, Stream body, bool isJson, bool removeOthers, CancellationToken cancellationToken)
    {
        // 16 bytes of each address's hash, with its line: what 50,000 lines leave in memory.
        var seen = new Dictionary<UInt128, int>();
        var rejected = new List<RejectedLine>();
        var batch = new List<CampaignCustomer>(CampaignCustomers.BatchSize);
        var imported = 0;

        async Task Add(int line, string? email, string? name, string? locale)
        {
            var address = email?.Trim() ?? "";
            if (!TicketFields.IsEmailAddress(address))
            {
                rejected.Add(new RejectedLine(line, address.Length == 0 ? "no email" : "bad email: not a single address such as ann@example.org"));
                return;
            }

            var hash = Key(CustomerRegistry.AddressHash(address));
            if (seen.TryGetValue(hash, out var first))
            {
                rejected.Add(new RejectedLine(line, $"duplicate of line {first}"));
                return;
            }

            seen[hash] = line;
            batch.Add(new CampaignCustomer(address, CleanText.Clean(name, 200), CsatFunctions.Languages.Languages.Match(locale)));
            if (batch.Count == CampaignCustomers.BatchSize)
            {
                await customers.UpsertAsync(campaign, batch, cancellationToken);
                imported += batch.Count;
                batch.Clear();
            }
        }

        if (isJson)
        {
            var line = 0;
            try
            {
                await foreach (var item in JsonSerializer.DeserializeAsyncEnumerable(body, CsatJson.Default.CampaignCustomerLine, cancellationToken))
                {
                    line++;
                    await Add(line, item?.Email, item?.Name, item?.Locale);
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }
        else
        {
            var csv = new CsvColumns(Columns, 1, rejected);
            await foreach (var (line, values) in csv.ReadAsync(body, cancellationToken))
            {
                await Add(line, values[0], values[1], values[2]);
            }

            if (!csv.HasHeader)
            {
                return null;
            }
        }

        await customers.UpsertAsync(campaign, batch, cancellationToken);
        imported += batch.Count;
        var removed = removeOthers ? await customers.RemoveAllButAsync(campaign, hash => seen.ContainsKey(Key(hash)), cancellationToken) : 0;
        return new ImportAnswer(imported, removed, rejected);
    }

    private static UInt128 Key(string addressHash) => UInt128.Parse(addressHash.AsSpan(0, 32), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
