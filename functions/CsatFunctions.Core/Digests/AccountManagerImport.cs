using System.Text.Json;
using CsatFunctions.Campaigns;
using CsatFunctions.Tickets;
using CsatFunctions.Web;

namespace CsatFunctions.Digests;

/// <summary>One line of a JSON import, as sent.</summary>
public sealed record AccountManagerLine(string? Company, string? AccountManagerEmail);

/// <summary>
/// Reads the account-manager mapping from CSV (a header row naming <c>company</c> and
/// <c>accountManagerEmail</c>, RFC 4180, UTF-8, read by <see cref="CsvColumns"/> as the campaign
/// import reads its own) or a JSON array of the same, and replaces the stored mapping with the lines
/// it accepts. Each line left out is named with its reason; a company whose line was refused keeps the
/// account manager it had, and an import that accepts no line changes nothing.
/// </summary>
public sealed class AccountManagerImport(AccountManagers managers)
{
    private const int MaxCompanyLength = TicketFields.MaxCompanyLength;
    private static readonly string[] Columns = ["company", "accountManagerEmail"];

    /// <returns>The answer, or null when the body is not CSV with both columns (or not a JSON array).</returns>
    public async Task<AccountManagerImportAnswer?> ImportAsync(Stream body, bool isJson, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedLine>();
        var accepted = new Dictionary<string, (int Line, AccountManager Manager)>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);

        void Add(int line, string? company, string? email)
        {
            var name = CleanText.Clean(company, MaxCompanyLength + 1);
            var address = email?.Trim() ?? "";
            var reason = name is null ? "no company"
                : name.Length > MaxCompanyLength ? $"company longer than {MaxCompanyLength} characters"
                : !TicketFields.IsEmailAddress(address) ? (address.Length == 0 ? "no accountManagerEmail" : "bad accountManagerEmail: not a single address such as ann@example.com")
                : accepted.TryGetValue(name, out var first) ? $"duplicate of line {first.Line}"
                : null;
            if (reason is not null)
            {
                rejected.Add(new RejectedLine(line, reason));
                if (name is not null)
                {
                    // A typo in one line must not take the company's digest away: it keeps its row.
                    refused.Add(name);
                }

                return;
            }

            accepted[name!] = (line, new AccountManager(name!, address));
        }

        if (isJson)
        {
            var line = 0;
            try
            {
                await foreach (var item in JsonSerializer.DeserializeAsyncEnumerable(body, CsatJson.Default.AccountManagerLine, cancellationToken))
                {
                    Add(++line, item?.Company, item?.AccountManagerEmail);
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }
        else
        {
            var csv = new CsvColumns(Columns, Columns.Length, rejected);
            await foreach (var (line, values) in csv.ReadAsync(body, cancellationToken))
            {
                Add(line, values[0], values[1]);
            }

            if (!csv.HasHeader)
            {
                return null;
            }
        }

        if (accepted.Count > 0)
        {
            await managers.ReplaceAsync([.. accepted.Values.Select(entry => entry.Manager)], refused, cancellationToken);
        }

        return new AccountManagerImportAnswer(accepted.Count, [.. rejected.OrderBy(line => line.Line)]);
    }
}
