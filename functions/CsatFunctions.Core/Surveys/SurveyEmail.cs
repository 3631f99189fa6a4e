using System.Net;
using System.Text;
using CsatFunctions.Ratings;
using CsatFunctions.Surveys.Delivery;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Surveys;

/// <summary>
/// Composes one survey's email: plain text and HTML, one-click rating links, a link to the score. Its
/// reminder is the same email with the same links, saying it is a reminder.
/// </summary>
public sealed class SurveyEmail(CsatOptions options, SendGridOptions sendGrid, RatingLink links)
{
    public SendGridMessage Compose(Survey survey, bool reminder)
    {
        // Dated from the ticket's arrival, not the send, so the reminder carries the very same links.
        var token = links.CreateToken(survey.Id, survey.ReceivedAt + options.LinkLifetime);
        var choices = survey.Scale.Choices
            .Select(choice => (Label: choice.Label, Url: options.Link($"/api/ratings/{token}?rating={choice.Value}")))
            .ToList();
        var question = survey.Scale.Question(options.CompanyName);
        var scoreUrl = options.Link("/api/score/page");
        var unsubscribeUrl = options.Link($"/api/unsubscribe/{token}");
        var company = options.CompanyName;
        var about = survey.Subject is null
            ? $"your recent support request (ticket {survey.TicketId})"
            : $"your support request \"{survey.Subject}\" (ticket {survey.TicketId})";
        var resolvedBy = survey.Agent is null ? $"{company} resolved" : $"{survey.Agent} at {company} resolved";
        var reminding = reminder ? $"A short reminder: we asked you a few days ago and would still like to hear from you. " : "";

        var text = new StringBuilder()
            .Append("Hello ").Append(survey.CustomerName ?? "there").Append(",\n\n")
            .Append(reminding).Append(resolvedBy).Append(' ').Append(about).Append(".\n")
            .Append(question).Append(" One click is enough:\n\n");
        foreach (var (label, url) in choices)
        {
            text.Append(label).Append(": ").Append(url).Append('\n');
        }

        text.Append("\nEvery rating counts in our published score: ").Append(scoreUrl).Append('\n')
            .Append("\nThank you,\n").Append(company).Append('\n')
            .Append("\nNo more survey emails from ").Append(company).Append("? ").Append(unsubscribeUrl).Append('\n');

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">")
            .Append("<p>Hello ").Append(Encode(survey.CustomerName ?? "there")).Append(",</p>")
            .Append("<p>").Append(Encode(reminding)).Append(Encode(resolvedBy)).Append(' ').Append(Encode(about)).Append(".</p>")
            .Append("<p>").Append(Encode(question)).Append(" One click is enough:</p><p>");
        foreach (var (label, url) in choices)
        {
            html.Append("<a href=\"").Append(Encode(url)).Append("\" style=\"display:inline-block;margin:4px 8px 4px 0;padding:8px 16px;border:1px solid #888;border-radius:4px;text-decoration:none\">")
                .Append(Encode(label)).Append("</a>");
        }

        html.Append("</p><p>Every rating counts in our <a href=\"").Append(Encode(scoreUrl)).Append("\">published score</a>.</p>")
            .Append("<p>Thank you,<br>").Append(Encode(company)).Append("</p>")
            .Append("<p style=\"font-size:12px;color:#666\"><a href=\"").Append(Encode(unsubscribeUrl)).Append("\">No more survey emails</a></p></body></html>");

        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(sendGrid.FromEmail, OneLine(sendGrid.FromName)),
            new EmailAddress(survey.CustomerEmail!, survey.CustomerName is null ? null : OneLine(survey.CustomerName)),
            OneLine((reminder ? "Reminder: " : "") + SubjectLine(survey, company)),
            text.ToString(),
            html.ToString());
        message.AddCustomArg(DeliveryEventReader.SurveyIdArgument, survey.Id);
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

    private static string SubjectLine(Survey survey, string company) => survey.Subject is null
        ? $"How did {company} do? Rate the help you got"
        : $"How did we do? {survey.Subject}";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Header values stay on one line whatever the helpdesk sent, so nothing can add a header.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
