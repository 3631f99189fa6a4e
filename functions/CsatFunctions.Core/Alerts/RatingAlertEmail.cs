using System.Globalization;
using System.Text;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Web;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Alerts;

/// <summary>What the team lead reads about one bad rating: who, which ticket, which agent, what they said.</summary>
public sealed class RatingAlertEmail(CsatOptions options, SendGridOptions sendGrid)
{
    public string Summary(Survey survey) => Summary(survey, text => text);

    /// <param name="written">How text from outside (ticket id, subject, agent, name, address, company) is written, for a chat that reads markup.</param>
    public static string Summary(Survey survey, Func<string, string> written) =>
        $"{Shown(survey)} rating for ticket {written(survey.TicketId)}{(survey.Subject is null ? "" : $" \"{written(survey.Subject)}\"")}" +
        $" (agent {(survey.Agent is null ? "unassigned" : written(survey.Agent))}) from {written(survey.CustomerName ?? survey.CustomerEmail ?? "")}" +
        (survey.Company is null ? "" : $" at {written(survey.Company)}");

    /// <summary>"Unsatisfactory", "1 of 5" or "NPS 3".</summary>
    private static string Shown(Survey survey) => survey.Rating is { } rating ? survey.Scale.Shown(rating, survey.Score) : "No";

    /// <summary>The survey's follow-up at the desk, which every bottom answer opens.</summary>
    public string FollowUpLink(Survey survey) => options.Link($"{CsatRoutes.DeskPath}#followup-{survey.Id}");

    /// <summary>The desk's answers, where a kudos post's answer is (a good answer opens no follow-up).</summary>
    public string AnswersLink() => options.Link($"{CsatRoutes.DeskPath}#answers");

    public SendGridMessage Compose(Survey survey)
    {
        var facts = new (string Label, string? Value)[]
        {
            ("Rating", Shown(survey)),
            ("Comment", survey.Comment ?? "(none)"),
            ("Ticket", $"{survey.TicketId} ({survey.Source})"),
            ("Subject", survey.Subject),
            ("Agent", survey.Agent ?? "unassigned"),
            ("Company", survey.Company),
            ("Customer", survey.CustomerName is null ? survey.CustomerEmail : $"{survey.CustomerName} <{survey.CustomerEmail}>"),
            ("Channel", survey.Channel),
            ("Rated at", survey.RatedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("Follow up", FollowUpLink(survey)),
        };
        var text = new StringBuilder("A customer rated the help they got at the bottom of the scale.\n\n");
        var shown = facts.Where(f => f.Value is not null).ToList();
        foreach (var (label, value) in shown)
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        var rows = Html.Join(shown.Select(fact => Html.Of($"""<tr><th align="left">{fact.Label}</th><td>{fact.Value}</td></tr>""")));
        var html = Html.Of($"""<!DOCTYPE html><html><body style="font-family:sans-serif"><p>A customer rated the help they got at the bottom of the scale.</p><table>{rows}</table></body></html>""");
        var subject = string.Join(' ', Summary(survey).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(sendGrid.FromEmail, sendGrid.FromName),
            new EmailAddress(options.AlertEmail),
            subject,
            text.ToString(),
            html.ToString());
        message.AddCustomArg(DeliveryEventReader.SurveyIdArgument, survey.Id);
        message.AddCustomArg(DeliveryEventReader.KindArgument, "alert");
        return message;
    }
}
