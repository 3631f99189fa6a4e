using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>Who is signed in (and the way out), and the period the page shows.</summary>
public static class HeaderSection
{
    public static Html Render(DeskSession? session, DayRange range)
    {
        var who = session is null ? "Admin key" : session.Role == DeskRole.Admin ? "Signed in with the admin key" : "Signed in read-only (viewer key)";
        var signOut = session is null
            ? Html.Empty
            : Html.Of($"""<form class="inline" method="post" action="{CsatRoutes.AdminSessionPath}"><input type="hidden" name="signOut" value="1"><button type="submit">Sign out</button></form>""");
        return Html.Of($"""<nav><span class="note">{who}</span> {signOut}</nav>""" +
            $"""<form method="get" action="desk"><p>Resolved from <input type="date" name="from" value="{range.From:yyyy-MM-dd}"> to <input type="date" name="to" value="{range.To:yyyy-MM-dd}"> <button type="submit">Show</button></p></form>""");
    }
}
