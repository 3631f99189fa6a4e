using CsatFunctions.Surveys;

namespace CsatFunctions.Alerts;

/// <summary>Which post a chat gets about an answer.</summary>
public enum ChatPostKind
{
    /// <summary>An answer at the bottom of its scale: follow it up.</summary>
    Alert,

    /// <summary>An answer at the top of its scale with a comment, for the team to enjoy.</summary>
    Kudos,
}

/// <summary>
/// What one chat post says about one answer, before any chat's format: our heading and rating in words,
/// the details that come from outside (ticket, subject, agent, company, the customer's name), the
/// comment, and the link to the desk. Never the customer's address: a channel has more readers than the lead's inbox.
/// </summary>
public sealed record ChatPost(ChatPostKind Kind, string Heading, string Rating, IReadOnlyList<(string Label, string Value)> Details, string? Comment, string LinkLabel, string Link)
{
    /// <summary>The most a chat shows of a comment; Slack's text objects hold 3000 characters, a Markdown chat's message about 4000.</summary>
    public const int LongestComment = 2500;

    public static ChatPost For(ChatPostKind kind, Survey survey, string deskLink)
    {
        var rating = survey.Rating is { } bucket ? survey.Scale.Shown(bucket, survey.Score) : "No";
        var details = new List<(string, string)> { ("Ticket", survey.TicketId) };
        if (survey.Subject is not null)
        {
            details.Add(("Subject", survey.Subject));
        }

        details.Add(("Agent", survey.Agent ?? "unassigned"));
        if (survey.Company is not null)
        {
            details.Add(("Company", survey.Company));
        }

        details.Add(("Customer", survey.CustomerName ?? "a customer"));
        var comment = survey.Comment is { Length: > LongestComment } longComment ? longComment[..LongestComment] + "…" : survey.Comment;
        return kind == ChatPostKind.Alert
            ? new ChatPost(kind, $"{rating} rating", rating, details, comment, "Follow up at the desk", deskLink)
            : new ChatPost(kind, $"Kudos: {rating} rating", rating, details, comment, "See it at the desk", deskLink);
    }

    private string Detail(string label) => Details.FirstOrDefault(detail => detail.Label == label).Value;

    /// <summary>The post on one line: Slack's notification fallback, and the whole post for a Markdown chat.</summary>
    /// <param name="written">How outside text is written in the chat's markup.</param>
    public string Line(Func<string, string> written)
    {
        var subject = Detail("Subject") is { } text ? $" \"{written(text)}\"" : "";
        var company = Detail("Company") is { } name ? $" at {written(name)}" : "";
        var comment = Comment is null ? "" : $": \"{written(Comment)}\"";
        var prefix = Kind == ChatPostKind.Kudos ? "Kudos: " : "";
        var link = Kind == ChatPostKind.Kudos ? "see it at the desk" : "follow up";
        return $"{prefix}{Rating} rating for ticket {written(Detail("Ticket"))}{subject} (agent {written(Detail("Agent"))}) from {written(Detail("Customer"))}{company}{comment} · {link}: {Link}";
    }
}
