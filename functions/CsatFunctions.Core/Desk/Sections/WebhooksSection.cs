using CsatFunctions.Web;
using CsatFunctions.Webhooks;

namespace CsatFunctions.Desk.Sections;

/// <summary>The outgoing webhooks' delivery log: each endpoint by its name and host (never its path, which may hold a token), how its last attempt went, and its counts.</summary>
public static class WebhooksSection
{
    public static Html Render(List<WebhookEndpointLog> endpoints)
    {
        if (endpoints.Count == 0)
        {
            return Html.Empty;
        }

        var rows = Html.Join(endpoints.Select(endpoint => Html.Of(
            $"""<tr><td class="text">{endpoint.Endpoint} <span class="note">{endpoint.Host}</span></td><td class="text">{Time(endpoint.LastAttemptAt)}</td><td class="text">{endpoint.LastStatus ?? "–"}</td>""" +
            $"""<td class="text">{Time(endpoint.LastSuccessAt)}</td><td>{endpoint.ConsecutiveFailures:N0}</td><td>{endpoint.Delivered:N0}</td><td>{endpoint.Failed:N0}</td></tr>""")));
        return Html.Of(
            $"""<h2 id="webhook-deliveries">Outgoing webhooks</h2><table><thead><tr><th class="text">Endpoint</th><th class="text">Last attempt</th><th class="text">Last status</th><th class="text">Last success</th>""" +
            $"""<th>Failures in a row</th><th>Delivered</th><th>Failed</th></tr></thead><tbody>{rows}</tbody></table>""" +
            $"""<p class="note">Failed events wait in the poison queue: replay them with POST /api/admin/webhooks/poison/replay once the receiver is back.</p>""");
    }

    private static string Time(DateTimeOffset? at) => at is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "–";
}
