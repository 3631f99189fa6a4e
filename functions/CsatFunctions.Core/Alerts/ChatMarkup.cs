using System.Globalization;
using System.Text;

namespace CsatFunctions.Alerts;

/// <summary>
/// The kind of chat a webhook posts to, which decides the body (<see cref="ChatBodies"/>), and how text
/// from outside (a customer's comment, name, the ticket's subject) is written in it so that it shows as
/// written and does nothing: no mention that notifies the channel, no link dressed up as another, no formatting.
/// </summary>
public enum ChatMarkup
{
    /// <summary>
    /// Slack: a Block Kit message (<see cref="SlackBlocks"/>) whose outside text is in <c>plain_text</c>
    /// objects, which Slack renders with no formatting, mention or link. Its <c>text</c>, the notification's
    /// fallback, is mrkdwn: Slack documents exactly three characters to escape, <c>&amp;</c>, <c>&lt;</c> and
    /// <c>&gt;</c>, as those entities ("only the specific characters shown above will be decoded"): every
    /// mention (<c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c>) and every link (<c>&lt;url|text&gt;</c>) is written
    /// between angle brackets, and a plain <c>@here</c> is not a mention in a webhook's text. Slack has no
    /// escape for <c>*</c>, <c>_</c>, <c>~</c> or <c>`</c>, so it is posted with <c>"mrkdwn": false</c>.
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

    /// <summary>
    /// Microsoft Teams through a Workflows webhook: an Adaptive Card (<see cref="TeamsCard"/>). Teams reads
    /// Markdown in a TextBlock and a fact, and its clients disagree on backslash escapes, so outside text
    /// only ever goes in a RichTextBlock's TextRun, where "Markdown is not supported"; a mention needs an
    /// <c>&lt;at&gt;</c> tag and an <c>msteams</c> entity, which the card never carries.
    /// </summary>
    Teams,
}

/// <summary>Writes outside text into a chat's markup (<see cref="ChatMarkup"/>).</summary>
public static class ChatText
{
    /// <summary>
    /// The chat a webhook URL posts to when its format setting does not say: Slack for Slack's webhook
    /// host, Teams for the hosts of Power Automate's workflows (<c>*.logic.azure.com</c>,
    /// <c>*.powerplatform.com</c>), else a Markdown chat.
    /// </summary>
    public static ChatMarkup MarkupOf(Uri webhook) =>
        webhook.Host.Equals("hooks.slack.com", StringComparison.OrdinalIgnoreCase) ? ChatMarkup.Slack
        : webhook.Host.EndsWith(".logic.azure.com", StringComparison.OrdinalIgnoreCase) || webhook.Host.EndsWith(".powerplatform.com", StringComparison.OrdinalIgnoreCase) ? ChatMarkup.Teams
        : ChatMarkup.Mattermost;

    /// <summary>The format setting's value (<c>slack</c>, <c>teams</c>, <c>mattermost</c>), or null for another.</summary>
    public static ChatMarkup? Parse(string? setting) =>
        setting switch { "slack" => ChatMarkup.Slack, "teams" => ChatMarkup.Teams, "mattermost" => ChatMarkup.Mattermost, _ => null };

    /// <summary>Reads a chat format setting (<c>Csat__AlertWebhookFormat</c>), validated at start-up; null when unset.</summary>
    public static ChatMarkup? Setting(CsatFunctions.Settings.SettingsReader settings, string key)
    {
        var text = settings.Text(key);
        settings.Require(text is null || Parse(text) is not null, $"{key} must be slack (Block Kit), teams (a Workflows webhook's Adaptive Card) or mattermost (Markdown text), or unset to follow the webhook's host.");
        return Parse(text);
    }

    /// <summary>Escapes for Slack's mrkdwn, or else for Markdown (Teams never takes outside text in Markdown).</summary>
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
