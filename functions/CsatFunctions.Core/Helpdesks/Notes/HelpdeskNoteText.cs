using CsatFunctions.Ratings.Reasons;
using CsatFunctions.Surveys;
using CsatFunctions.Web;

namespace CsatFunctions.Helpdesks.Notes;

/// <summary>
/// What the team reads on the ticket: the rating in words (said as a change when the customer changed
/// their answer), the comment as the customer wrote it, quoted, the reasons they ticked, the desk's link, and a last line naming
/// the answer version, by which a note is found again. Not the customer's address or name: the
/// helpdesk knows its customer, and a note is no place for a copy.
/// </summary>
public sealed class HelpdeskNoteText(CsatOptions options)
{
    /// <summary>Starts the marker line; the answer version follows it.</summary>
    public const string MarkerPrefix = "CSAT answer ";

    /// <summary>The survey's latest answer as a note.</summary>
    /// <exception cref="InvalidOperationException">The survey is not answered.</exception>
    public HelpdeskNote Of(Survey survey)
    {
        if (survey is not { Rating: { } rating, AnswerVersion: { } version })
        {
            throw new InvalidOperationException($"Survey {survey.Id} has no answer to write.");
        }

        var shown = survey.Scale.Shown(rating, survey.Score);
        var bottom = survey.Scale.IsBottom(rating, survey.Score);
        var said = survey.IsChangeOfMind ? "The customer changed their answer to:" : "The customer rated the help on this ticket:";

        // Every bottom answer opens a follow-up at the desk; the others are among the desk's answers.
        var (linkWords, link) = bottom
            ? ("Follow up at the desk:", options.Link($"{CsatRoutes.DeskPath}#followup-{survey.Id}"))
            : ("See it at the desk:", options.Link($"{CsatRoutes.DeskPath}#answers"));
        var marker = MarkerPrefix + version;

        // The reasons in Csat__DefaultLocale's words, the language the team works in.
        var reasons = survey.Reasons.Count == 0 ? null
            : "Reasons: " + string.Join("; ", survey.Reasons.Select(slug => ReasonOptions.Words(slug, options.Languages.Default, options.Languages)));

        var text = $"{said} {shown}\n"
            + (survey.Comment is { } comment ? $"Comment: \"{comment}\"\n" : "")
            + (reasons is null ? "" : reasons + "\n")
            + $"{linkWords} {link}\n"
            + marker;
        var html = Html.Of($"""<p>{said} <strong>{shown}</strong></p>{CommentHtml(survey.Comment)}{(reasons is null ? Html.Empty : Html.Of($"<p>{reasons}</p>"))}<p>{linkWords} <a href="{link}">{link}</a></p><p>{marker}</p>""");
        var wiki = $"{said} *{shown}*\n"
            + (survey.Comment is { } words ? $"Comment:\n{{noformat}}{words.Replace("{noformat}", "", StringComparison.OrdinalIgnoreCase)}{{noformat}}\n" : "")
            + (reasons is null ? "" : reasons + "\n")
            + $"{linkWords} {link}\n"
            + marker;
        return new HelpdeskNote(survey.TicketId, marker, text, html, wiki, bottom);
    }

    /// <summary>The comment's lines kept as the customer broke them.</summary>
    private static Html CommentHtml(string? comment) =>
        comment is null
            ? Html.Empty
            : Html.Of($"<p>Comment:</p><blockquote>“{Html.Join(comment.Split('\n').Select((line, index) => index == 0 ? Html.Of($"{line.TrimEnd('\r')}") : Html.Of($"<br>{line.TrimEnd('\r')}")))}”</blockquote>");
}
