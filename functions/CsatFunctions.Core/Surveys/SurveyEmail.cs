using System.Text;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Web;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Surveys;

/// <summary>
/// Composes one survey's email in the customer's language: plain text and HTML, one-click rating
/// links, a link to the score. A ticket's email says which ticket; a campaign's asks its one question.
/// Its reminder is the same email with the same links, saying it is a reminder.
/// </summary>
public sealed class SurveyEmail(CsatOptions options, SendGridOptions sendGrid, RatingLink links)
{
    public SendGridMessage Compose(Survey survey, bool reminder)
    {
        var language = options.Languages.For(survey.Locale);
        // Dated from when the email is due (its arrival, or the end of Csat__SendDelay), so a delay takes
        // nothing from the customer's time to answer; from the survey's own fields, not the moment of
        // sending, so the reminder carries the very same links. A later round (ask-again) dates its own
        // links; the earlier email's keep the expiry signed into them.
        var token = links.CreateToken(survey.Id, (survey.SendAfter ?? survey.ReceivedAt) + options.LinkLifetime);
        var choices = survey.Scale.Choices(language)
            .Select(choice => (choice.Label, Url: options.Link($"/api/ratings/{token}?rating={choice.Value}")))
            .ToList();
        var company = options.CompanyName;
        var question = survey.Scale.Question(language, company);
        var scoreUrl = options.Link("/api/score/page");
        var unsubscribeUrl = options.Link($"/api/unsubscribe/{token}");
        var hello = survey.CustomerName is { } name ? language.Text("email.hello", ("name", name)) : language.Text("email.helloNoName");
        var resolvedKey = (survey.Agent is null ? "email.resolved" : "email.resolvedBy") + (survey.Subject is null ? "NoSubject" : "");
        var resolved = survey.Campaign is not null ? language.Text("campaign.intro") : language.Text(
            resolvedKey,
            ("date", language.Date(survey.ResolvedAt)),
            ("agent", survey.Agent ?? ""),
            ("company", company),
            ("subject", survey.Subject ?? ""),
            ("ticket", survey.TicketId));
        var days = (long)options.ReminderAfter.TotalDays;
        var reminding = reminder ? language.Plural("email.reminder", days, ("days", days)) + " " : "";

        var text = new StringBuilder()
            .Append(hello).Append("\n\n")
            .Append(reminding).Append(resolved).Append('\n')
            .Append(question).Append(' ').Append(language.Text("email.oneClick")).Append("\n\n");
        foreach (var (label, url) in choices)
        {
            text.Append(label).Append(": ").Append(url).Append('\n');
        }

        text.Append('\n').Append(language.Text("email.counts")).Append(' ').Append(language.Text("email.seeScore")).Append(": ").Append(scoreUrl).Append('\n')
            .Append('\n').Append(language.Text("email.thanks")).Append('\n').Append(company).Append('\n')
            .Append('\n').Append(language.Text("email.unsubscribe", ("company", company))).Append(' ').Append(unsubscribeUrl).Append('\n');

        var buttons = Html.Join(choices.Select(choice => Html.Of(
            $"""<a href="{choice.Url}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 16px;border:1px solid #888;border-radius:4px;text-decoration:none">{choice.Label}</a>""")));
        var html = Html.Of($"""<!DOCTYPE html><html lang="{language.Code}"><body style="font-family:sans-serif;line-height:1.5">""" +
            $"<p>{hello}</p><p>{reminding}{resolved}</p><p>{question} {language.Text("email.oneClick")}</p><p>{buttons}</p>" +
            $"""<p>{language.Text("email.counts")} <a href="{scoreUrl}">{language.Text("email.seeScore")}</a></p><p>{language.Text("email.thanks")}<br>{company}</p>""" +
            $"""<p style="font-size:12px;color:#666"><a href="{unsubscribeUrl}">{language.Text("email.unsubscribeLink")}</a></p></body></html>""");

        var subject = survey.Campaign is not null ? language.Text("campaign.subject", ("company", company))
            : survey.Subject is null ? language.Text("email.subject", ("company", company))
            : language.Text("email.subjectAbout", ("subject", survey.Subject));
        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(sendGrid.FromEmail, OneLine(sendGrid.FromName)),
            new EmailAddress(survey.CustomerEmail!, survey.CustomerName is null ? null : OneLine(survey.CustomerName)),
            OneLine(reminder ? language.Text("email.reminderSubject", ("subject", subject)) : subject),
            text.ToString(),
            html.ToString());
        message.AddCustomArg(DeliveryEventReader.SurveyIdArgument, survey.Id);

        // A ticket asked again after a reopen gets a new email for the same survey: SendGrid's late
        // events of the first (its Event Webhook retries for 24 hours) must not stand for the second.
        // Custom arguments must be strings; these few stay far inside SendGrid's 10,000 bytes.
        message.AddCustomArg(DeliveryEventReader.RoundArgument, DeliveryEvent.RoundOf(survey));
        if (reminder)
        {
            // SendGrid's events for the reminder say so, so they never stand for the survey email's.
            message.AddCustomArg(DeliveryEventReader.EmailArgument, DeliveryEventReader.ReminderValue);
        }

        // RFC 8058 one-click unsubscribe: mail clients show it and POST List-Unsubscribe=One-Click to the link.
        message.AddHeader("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        // Click tracking would wrap the signed links in SendGrid redirects; they work as they are.
        message.SetClickTracking(false, false);
        return message;
    }

    /// <summary>Header values stay on one line whatever the helpdesk sent, so nothing can add a header.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
