using System.Net.Mail;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Consent;

/// <summary>
/// <c>GET</c>, <c>PUT</c> and <c>DELETE /api/admin/suppressions/{email}</c>: the support team sees
/// whether an address may be surveyed and why not (a bounce, a spam report, an unsubscribe), adds it to
/// the suppression list (a customer asked by phone) or lifts it (they asked to be surveyed again).
/// Suppressing is for a customer's own request only: the review policy tells the public so, as the
/// one way besides the email's link that a customer stops being asked.
/// </summary>
public sealed class SuppressionEndpoint(CustomerRegistry customers, TimeProvider time)
{
    /// <summary>The reason recorded when the support team suppresses an address.</summary>
    public const string BySupportTeam = "support-team";

    public async Task<IResult> HandleAsync(string email, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["email"] = ["Must be a single email address."] }, "Nothing was changed.");
        }

        if (HttpMethods.IsGet(request.Method))
        {
            var customer = await customers.GetAsync(email, cancellationToken);
            return Results.Json(
                new SuppressionAnswer(email, customer.SuppressedBecause is not null, customer.SuppressedBecause, customer.SuppressedBecause is null ? null : customer.SuppressedAt, customer.Unsubscribed),
                CsatJson.Default.SuppressionAnswer);
        }

        await (HttpMethods.IsPut(request.Method)
            ? customers.SuppressAsync(email, BySupportTeam, time.GetUtcNow(), cancellationToken)
            : customers.LiftAsync(email, time.GetUtcNow(), cancellationToken));
        return Results.NoContent();
    }
}

/// <summary>Whether an address may be surveyed: suppressed (and why, since when) or unsubscribed.</summary>
public sealed record SuppressionAnswer(string Email, bool Suppressed, string? Reason, DateTimeOffset? Since, bool Unsubscribed);
