using System.Text;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Digests;

/// <summary>
/// <c>GET</c> and <c>PUT /api/admin/account-managers</c>: list the mapping (admin or viewer), or
/// replace it from CSV or JSON (admin key, or an admin's session with its CSRF token).
/// </summary>
public sealed class AccountManagersEndpoint(AccountManagers managers, AccountManagerImport import)
{
    /// <summary>Thousands of companies with long names fit many times over.</summary>
    public const int MaxImportBytes = 4 * 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HttpMethods.IsPut(request.Method)
            ? await ImportAsync(request, cancellationToken)
            : Results.Json(await managers.ListAsync(cancellationToken), CsatJson.Default.ListAccountManager);

    private async Task<IResult> ImportAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return Problems.TooLarge(MaxImportBytes);
        }

        var isJson = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        AccountManagerImportAnswer? answer;
        try
        {
            answer = await import.ImportAsync(new CappedStream(request.Body, MaxImportBytes), isJson, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Must be UTF-8 text."] }, "Nothing was changed.");
        }
        catch (CappedStream.TooLongException)
        {
            return Problems.TooLarge(MaxImportBytes);
        }

        if (answer is null)
        {
            return Problems.Invalid(
                new Dictionary<string, string[]> { ["body"] = [isJson ? "Must be a JSON array of {\"company\", \"accountManagerEmail\"}." : "Must be CSV whose header row names the columns company and accountManagerEmail."] },
                "Nothing was changed.");
        }

        // A file whose every line is refused is a wrong file, not "no account managers": it must not empty the mapping.
        return answer.Imported == 0
            ? Problems.Invalid(
                answer.Rejected.Count == 0 ? new Dictionary<string, string[]> { ["body"] = ["Has no lines."] } : answer.Rejected.GroupBy(line => line.Line).ToDictionary(lines => $"line {lines.Key}", lines => lines.Select(line => line.Reason).ToArray()),
                "No line was accepted, so nothing was changed.")
            : Results.Json(answer, CsatJson.Default.AccountManagerImportAnswer);
    }
}
