using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Desk;

/// <summary>The sign-in form: one field, the admin or viewer key, posted to <c>/api/admin/session</c>.</summary>
public sealed class DeskSignInPage(CsatOptions options)
{
    public IResult Render(int statusCode, string? error)
    {
        var alert = error is null ? Html.Empty : Html.Of($"""<p class="error" role="alert">{error}</p>""");
        return HtmlPage.Render(
            statusCode,
            "Sign in to the desk",
            options.CompanyName,
            Html.Of($"""{alert}<form method="post" action="/api/admin/session">""" +
                $"""<p><label for="key">Admin or viewer key</label><br><input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%;font:inherit;padding:.4rem"></p>""" +
                $"""<p><button type="submit">Sign in</button></p></form>""" +
                $"""<p class="note">The session lasts {DeskSessions.Lifetime.TotalHours:0} hours. The viewer key shows everything and changes nothing.</p>"""));
    }
}
