using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>
/// <c>POST /api/admin/session</c>: signs a person in with the admin or viewer key (form field
/// <c>key</c>) and sends them to the desk, or signs them out (field <c>signOut</c>). A wrong key
/// spends one of the client's failed attempts, the same budget as a wrong bearer key on an admin route.
/// </summary>
public sealed class SessionEndpoint(CsatOptions options, DeskSessions sessions, DeskSignInPage signIn, KeyGuessLimit guesses)
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (guesses.Refusal(context.Request) is { } tooMany)
        {
            return tooMany;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        if (form.ContainsKey("signOut"))
        {
            await sessions.EndAsync(context, cancellationToken);
            return SeeDesk();
        }

        var key = form["key"].ToString().Trim();
        DeskRole? role = AdminKey.Matches(key, options.AdminKey) ? DeskRole.Admin : AdminKey.Matches(key, options.ViewerKey) ? DeskRole.Viewer : null;
        var json = StorageOutageAnswer.WantsJson(context.Request);
        if (role is null)
        {
            guesses.Failed(context.Request);
            const string refusal = "That key is neither the admin key nor the viewer key.";
            return json ? Problems.Unauthorized(refusal) : signIn.Render(StatusCodes.Status401Unauthorized, refusal);
        }

        var session = await sessions.StartAsync(context, role.Value, cancellationToken);
        return json
            ? Results.Json(new SessionAnswer(session.Role.ToString().ToLowerInvariant(), session.ExpiresAt, session.CsrfToken), CsatJson.Default.SessionAnswer)
            : SeeDesk();
    }

    /// <summary>303: the browser follows with a GET, so a reload does not post the key again.</summary>
    private static IResult SeeDesk() => new HeaderResult(Results.StatusCode(StatusCodes.Status303SeeOther), ("Location", CsatRoutes.DeskPath));
}

/// <summary>A signed-in session, for a script that signs in like a browser: its role, expiry and CSRF token.</summary>
public sealed record SessionAnswer(string Role, DateTimeOffset ExpiresAt, string CsrfToken);
