using System.Globalization;
using System.Text;

namespace CsatFunctions.Alerts;

/// <summary>
/// The markup a chat's incoming webhook reads in <c>text</c>, and how text from outside (a customer's
/// comment, name, the ticket's subject) is written in it so that it shows as written and does nothing:
/// no mention that notifies the channel, no link dressed up as another, no formatting.
/// </summary>
public enum ChatMarkup
{
    /// <summary>
    /// Slack's mrkdwn. Slack documents exactly three characters to escape, <c>&amp;</c>, <c>&lt;</c> and
    /// <c>&gt;</c>, as those entities ("only the specific characters shown above will be decoded"): every
    /// mention (<c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c>) and every link (<c>&lt;url|text&gt;</c>) is written
    /// between angle brackets, and a plain <c>@here</c> is not a mention in a webhook's text. Slack has no
    /// escape for <c>*</c>, <c>_</c>, <c>~</c> or <c>`</c>, so the alert is posted with <c>"mrkdwn": false</c>.
    /// </summary>
    Slack,

    /// <summary>
    /// Mattermost's Markdown (also right for other Markdown chats): Mattermost reads Slack's
    /// <c>&lt;!channel&gt;</c> and <c>&lt;url|text&gt;</c> as well, notifies on a plain <c>@channel</c>,
    /// <c>@here</c>, <c>@all</c> or <c>@name</c>, and renders Markdown. Every ASCII symbol is written as a
    /// numeric character reference (<c>&amp;#64;</c>), which Markdown shows as the character and never
    /// reads as markup, as Mattermost's own integrations do for text they do not control.
    /// </summary>
    Mattermost,
}

/// <summary>Writes outside text into a chat's markup (<see cref="ChatMarkup"/>).</summary>
public static class ChatText
{
    /// <summary>The markup a webhook URL's chat reads when <c>Csat__AlertWebhookFormat</c> does not say: Slack's for Slack's webhook host, else Markdown.</summary>
    public static ChatMarkup MarkupOf(Uri webhook) =>
        webhook.Host.Equals("hooks.slack.com", StringComparison.OrdinalIgnoreCase) ? ChatMarkup.Slack : ChatMarkup.Mattermost;

    public static string Escape(string text, ChatMarkup markup)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var replacement = markup == ChatMarkup.Slack
                ? c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => null }
                : char.IsAscii(c) && (char.IsPunctuation(c) || char.IsSymbol(c)) ? string.Create(CultureInfo.InvariantCulture, $"&#{(int)c};") : null;
            if (replacement is null)
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append(replacement);
            }
        }

        return escaped.ToString();
    }
}
