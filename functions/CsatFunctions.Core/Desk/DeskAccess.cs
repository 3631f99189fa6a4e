using CsatFunctions.Admin;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>
/// Who may use an admin route, checked once per route by each host: a script with the admin key as
/// a bearer token (no CSRF token: a browser never sends it on its own), or a person signed in at the
/// desk. A signed-in viewer reads (but not one person's data) and changes nothing; a change made with
/// the cookie must carry the session's CSRF token. A person who is not signed in is shown the sign-in
/// form. A wrong bearer key spends one of the client's failed attempts (<see cref="KeyGuessLimit"/>), as
/// a wrong key at sign-in does.
/// </summary>
public sealed class DeskAccess(AdminKey adminKey, KeyGuessLimit guesses, DeskSessions sessions, DeskSignInPage signIn)
{
    /// <returns>The answer refusing the request, or null when it may go on.</returns>
    public async Task<IResult?> RefuseAsync(HttpContext context, CsatRoute route)
    {
        var request = context.Request;
        if (AdminKey.GivesKey(request))
        {
            if (guesses.Refusal(request) is { } tooMany)
            {
                return tooMany;
            }

            if (adminKey.Allows(request))
            {
                return null;
            }

            guesses.Failed(request);
        }

        if (await sessions.OfAsync(request, context.RequestAborted) is not { } session)
        {
            // A person is shown the sign-in form as a page like any other; programs get the 401 they can act on.
            return route.Audience == Audience.People && HttpMethods.IsGet(request.Method) && !StorageOutageAnswer.WantsJson(request)
                ? signIn.Render(StatusCodes.Status200OK, null)
                : adminKey.Refusal();
        }

        if (route.AdminOnly && session.Role != DeskRole.Admin)
        {
            return Results.Problem("Signed in with the viewer key, which does not read one person's data: that is for the admin key.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        if (session.Role != DeskRole.Admin)
        {
            return Results.Problem("Signed in with the viewer key, which reads but changes nothing.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await DeskSessions.CarriesCsrfTokenAsync(session, request, context.RequestAborted)
            ? null
            : Results.Problem($"A change made at the desk must carry its CSRF token (form field {DeskSessions.CsrfField} or header {DeskSessions.CsrfHeader}); reload the desk and try again.", statusCode: StatusCodes.Status403Forbidden);
    }
}
