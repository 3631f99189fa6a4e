using System.Text;
using CsatFunctions.Languages;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Web;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Agents;

/// <summary>
/// What an agent reads about their own answers, in <c>Csat__DefaultLocale</c>: the rating in words, the
/// comment and the reasons ticked, the ticket and the company, and the customer by first name at most, never by address.
/// </summary>
public sealed class AgentReviewEmail(CsatOptions options, SendGridOptions sendGrid)
{
    /// <summary>Set on every agent email, so SendGrid's events about it are never taken for a survey email's.</summary>
    public const string AnswerKind = "agent-review";
    public const string DigestKind = "agent-digest";

    private Language Language => options.Languages.Default;

    /// <summary>One answer (or change of mind) as it comes.</summary>
    public SendGridMessage Answer(AgentReviewer reviewer, Survey survey)
    {
        var language = Language;
        var rating = Rating(survey, language);
        var subject = language.Text(survey.IsChangeOfMind ? "agent.subjectChanged" : "agent.subject", ("rating", rating), ("ticket", survey.TicketId));
        var intro = language.Text(survey.IsChangeOfMind ? "agent.introChanged" : "agent.intro");
        var facts = Facts(survey, language);
        var text = new StringBuilder(intro).Append("\n\n").Append(PlainText(facts));
        var html = Html.Of($"""<!DOCTYPE html><html lang="{language.Code}"><body style="font-family:sans-serif"><p>{intro}</p>{Table(facts)}</body></html>""");
        var message = Compose(reviewer, subject, text.ToString(), html);
        message.AddCustomArg(DeliveryEventReader.SurveyIdArgument, survey.Id);
        message.AddCustomArg(DeliveryEventReader.KindArgument, AnswerKind);
        return message;
    }

    /// <summary>One local day's answers in one email, oldest first.</summary>
    public SendGridMessage Digest(AgentReviewer reviewer, DateOnly day, IReadOnlyList<Survey> answers)
    {
        var language = Language;
        var date = language.Date(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var intro = language.Text("agent.digestIntro", ("date", date));
        var ordered = answers.OrderBy(survey => survey.RatedAt).Select(survey => Facts(survey, language)).ToList();
        var text = new StringBuilder(intro).Append("\n\n").AppendJoin("\n", ordered.Select(PlainText));
        var html = Html.Of($"""<!DOCTYPE html><html lang="{language.Code}"><body style="font-family:sans-serif"><p>{intro}</p>{Html.Join(ordered.Select(Table))}</body></html>""");
        var message = Compose(reviewer, language.Text("agent.digestSubject", ("date", date)), text.ToString(), html);
        message.AddCustomArg(DeliveryEventReader.KindArgument, DigestKind);
        return message;
    }

    /// <summary>"Excellent" in the agent's language, or the number on a numbered scale ("4 of 5", "NPS 9").</summary>
    private static string Rating(Survey survey, Language language) =>
        survey.Rating is not { } bucket ? "" : survey.Score is null ? language.Text("choice." + bucket.ToWire()) : survey.Scale.Shown(bucket, survey.Score);

    private List<(string Label, string Value)> Facts(Survey survey, Language language)
    {
        var facts = new List<(string, string)>
        {
            (language.Text("agent.rating"), Rating(survey, language)),
            (language.Text("agent.comment"), survey.Comment ?? "—"),
            (language.Text("agent.ticket"), survey.Subject is null ? survey.TicketId : $"{survey.TicketId} ({survey.Subject})"),
        };
        if (survey.Reasons.Count > 0)
        {
            facts.Insert(2, (language.Text("agent.reasons"), string.Join("; ", survey.Reasons.Select(slug => Ratings.Reasons.ReasonOptions.Words(slug, language, options.Languages)))));
        }

        if (survey.Company is not null)
        {
            facts.Add((language.Text("agent.company"), survey.Company));
        }

        // The first name at most: the agent needs to know who, not to write to them from here.
        if (CustomerFirstName.Of(survey.CustomerName) is { } firstName)
        {
            facts.Add((language.Text("agent.customer"), firstName));
        }

        return facts;
    }

    private static string PlainText(List<(string Label, string Value)> facts) =>
        string.Concat(facts.Select(fact => $"{fact.Label}: {fact.Value}\n"));

    private static Html Table(List<(string Label, string Value)> facts) =>
        Html.Of($"""<table style="margin-bottom:1em">{Html.Join(facts.Select(fact => Html.Of($"""<tr><th align="left">{fact.Label}</th><td>{fact.Value}</td></tr>""")))}</table>""");

    private SendGridMessage Compose(AgentReviewer reviewer, string subject, string text, Html html) =>
        MailHelper.CreateSingleEmail(
            new EmailAddress(sendGrid.FromEmail, sendGrid.FromName),
            new EmailAddress(reviewer.Email),
            string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)),
            text,
            html.ToString());
}
