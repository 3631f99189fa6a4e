using System.Globalization;
using CsatFunctions.Scores;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>The period's figures against the period before, and where the follow-ups stand.</summary>
public static class HeadlineSection
{
    public static Html Render(DeskReport report)
    {
        var (now, before) = (report.Total, report.Previous);
        var figures = Html.Join(
        [
            Row("Satisfied", now.SatisfactionPercent, before.SatisfactionPercent),
            Count("Rated", now.Rated, before.Rated),
            Count("Resolved tickets", now.Surveyed, before.Surveyed),
            Row("Response rate", now.ResponseRatePercent, before.ResponseRatePercent),
            Row("Response rate of delivered", now.ResponseRateOfDeliveredPercent, before.ResponseRateOfDeliveredPercent),
            Count("Undeliverable", now.Undeliverable, before.Undeliverable),
            Count("Not asked", now.NotSurveyed, before.NotSurveyed),
        ]);
        var followUps = report.FollowUps;
        var firstContact = followUps.MedianHoursToFirstContact is { } hours
            ? Html.Of($"Median time to first contact: {hours:0.0} hours.")
            : Html.Of($"No customer contacted yet in this period.");
        return Html.Of($"<h2>{report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}</h2>" +
            $"""<table><thead><tr><th class="text">Figure</th><th>This period</th><th>Period before</th><th>Change</th></tr></thead><tbody>{figures}</tbody></table>""" +
            $"<p><strong>{followUps.Open} open follow-up(s)</strong>, {followUps.Contacted} contacted, {followUps.Resolved} resolved, {followUps.Recovered} recovered by the customer's own new answer. " +
            $"""{firstContact} <a href="#followups">Follow-ups</a></p>""");
    }

    /// <summary>A percentage as the public page shows it, or a dash when there is none.</summary>
    public static string Percent(decimal? percent) => percent is { } value ? ScoreBadge.Percent(value) : "–";

    private static Html Row(string name, decimal? value, decimal? previous) =>
        Html.Of($"""<tr><th scope="row">{name}</th><td>{Percent(value)}</td><td>{Percent(previous)}</td><td>{(value is { } a && previous is { } b ? Signed(a - b) + " points" : "–")}</td></tr>""");

    private static Html Count(string name, int value, int previous) =>
        Html.Of($"""<tr><th scope="row">{name}</th><td>{value:N0}</td><td>{previous:N0}</td><td>{Signed(value - previous)}</td></tr>""");

    private static string Signed(decimal change) => (change > 0 ? "+" : "") + change.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Signed(int change) => (change > 0 ? "+" : "") + change.ToString("N0", CultureInfo.InvariantCulture);
}
