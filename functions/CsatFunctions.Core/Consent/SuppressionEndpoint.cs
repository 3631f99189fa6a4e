using System.Net.Mail;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Consent;

/// <summary>
/// <c>PUT</c> and <c>DELETE /api/admin/suppressions/{email}</c>: the support team adds an address to
/// the suppression list (a customer asked by phone) or lifts it (they asked to be surveyed again).
/// </summary>
public sealed class SuppressionEndpoint(CustomerRegistry customers, TimeProvider time)
{
    public Task<IResult> SuppressAsync(string email, CancellationToken cancellationToken) => SetAsync(email, true, cancellationToken);

    public Task<IResult> LiftAsync(string email, CancellationToken cancellationToken) => SetAsync(email, false, cancellationToken);

    private async Task<IResult> SetAsync(string email, bool unsubscribed, CancellationToken cancellationToken)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["email"] = ["Must be a single email address."] }, "Nothing was changed.");
        }

        await customers.SetUnsubscribedAsync(email, unsubscribed, time.GetUtcNow(), cancellationToken);
        return Results.NoContent();
    }
}
