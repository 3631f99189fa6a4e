using System.Net.Mail;
using CsatFunctions.Storage;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Surveys;

/// <summary>
/// <c>PUT</c> and <c>DELETE /api/admin/suppressions/{email}</c>: the support team adds an address to
/// the suppression list (a customer asked by phone) or lifts it (they asked to be surveyed again).
/// </summary>
public sealed class SuppressionEndpoint(AdminKey adminKey, CustomerRegistry customers, TimeProvider time, ILogger<SuppressionEndpoint> logger)
{
    public Task<IResult> SuppressAsync(string email, HttpRequest request, CancellationToken cancellationToken) =>
        SetAsync(email, true, request, cancellationToken);

    public Task<IResult> LiftAsync(string email, HttpRequest request, CancellationToken cancellationToken) =>
        SetAsync(email, false, request, cancellationToken);

    private async Task<IResult> SetAsync(string email, bool unsubscribed, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!adminKey.Allows(request))
        {
            return adminKey.Refusal();
        }

        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["email"] = ["Must be a single email address."] }, "Nothing was changed.");
        }

        try
        {
            await customers.SetUnsubscribedAsync(email, unsubscribed, time.GetUtcNow(), cancellationToken);
            return Results.NoContent();
        }
        catch (Exception ex) when (StorageFailure.IsOutage(ex, cancellationToken))
        {
            logger.LogWarning(ex, "Storage failed while changing the suppression list.");
            return Problems.StorageUnavailable();
        }
    }
}
