using CsatFunctions.Desk;
using CsatFunctions.Web;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CsatFunctions.Functions;

/// <summary>
/// The checks the self-host attaches to its route groups, attached once here for every HTTP function:
/// the desk's access check (admin key or signed-in session) before an admin route runs, and the
/// storage-outage answer around every route. What a route is comes from <see cref="CsatRoutes"/>, by function name.
/// </summary>
public sealed class HttpGuardsMiddleware(DeskAccess access, StorageOutageAnswer outage) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            // Queue and timer functions.
            await next(context);
            return;
        }

        // Admin by its path as well as by name, so a function renamed out of the registry cannot open an admin route.
        var route = CsatRoutes.All.FirstOrDefault(route => route.Name == context.FunctionDefinition.Name)
            ?? new CsatRoute(context.FunctionDefinition.Name, [], "", Audience.Programs);
        var admin = route.IsAdmin
            || (http.Request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase) && !CsatRoutes.IsSignIn(http.Request.Path));
        try
        {
            // Inside the outage answer: the access check reads the sessions' sign-out epoch from storage.
            if (admin && await access.RefuseAsync(http, route) is { } refusal)
            {
                context.GetInvocationResult().Value = refusal;
                return;
            }

            await next(context);
        }
        catch (Exception ex) when (outage.For(route, http, ex.InnerException ?? ex) is { } answer)
        {
            // The ASP.NET Core integration writes the invocation's result to the response.
            context.GetInvocationResult().Value = answer;
        }
    }
}
