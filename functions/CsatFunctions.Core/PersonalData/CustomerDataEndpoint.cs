using System.Net.Mail;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.PersonalData;


/// <summary>
/// <c>GET</c> and <c>DELETE /api/admin/customers/{email}</c>: a customer's right to see what is held
/// about them and to have it erased. Erasing takes the address, name, subjects, comments and notes
/// out of every survey of theirs and forgets their consent record, all but an opt-out (kept under a keyed
/// hash of the address); their ratings stay counted, with no link to them, so published figures do not
/// change, and a later ticket from the address starts afresh unless they had opted out.
/// </summary>
public sealed class CustomerDataEndpoint(CustomerHoldings holdings, CustomerExport export, CustomerErasure erasure)
{
    public async Task<IResult> HandleAsync(string email, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["email"] = ["Must be a single email address."] }, "Nothing was read or changed.");
        }

        var held = await holdings.FindAsync(email, cancellationToken);
        if (held.IsEmpty)
        {
            return Results.Problem("Nothing is held about this address.", statusCode: StatusCodes.Status404NotFound);
        }

        return HttpMethods.IsGet(request.Method)
            ? Results.Json(await export.ExportAsync(held, cancellationToken), CsatJson.Default.CustomerData)
            : Results.Json(new ErasureAnswer("erased", held.Surveys.Count, await erasure.EraseAsync(held, cancellationToken)), CsatJson.Default.ErasureAnswer);
    }
}
