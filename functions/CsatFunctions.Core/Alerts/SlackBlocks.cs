using System.Text.Json.Nodes;

namespace CsatFunctions.Alerts;

/// <summary>
/// A post as a Slack Block Kit message (https://docs.slack.dev/reference/block-kit/blocks): a header,
/// a section of fields (label in mrkdwn, value in <c>plain_text</c>), the comment in a <c>plain_text</c>
/// section, and a mrkdwn link to the desk. Outside text is only ever in <c>plain_text</c> objects, which
/// Slack shows with no formatting, mention or link (<c>emoji</c> off, so <c>:smile:</c> stays as typed).
/// The link is a mrkdwn link, not a button: a button sends an interaction to a Slack app, which an
/// incoming webhook has none of. <c>text</c> is the notification's fallback (see <see cref="ChatMarkup.Slack"/>).
/// </summary>
public static class SlackBlocks
{
    /// <summary>Slack's limits: a header's text 150 characters, a field's 2000.</summary>
    private const int LongestHeader = 150;
    private const int LongestField = 2000;

    public static JsonObject Body(ChatPost post)
    {
        var fields = new JsonArray { Mrkdwn("*Rating*"), Plain(post.Rating) };
        foreach (var (label, value) in post.Details.Take(4))
        {
            fields.Add(Mrkdwn($"*{label}*"));
            fields.Add(Plain(value.Length > LongestField ? value[..LongestField] : value));
        }

        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = Plain(post.Heading.Length > LongestHeader ? post.Heading[..LongestHeader] : post.Heading) },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (post.Details.Count > 4)
        {
            // A section holds at most 10 fields: the rest follow as one more section.
            var more = new JsonArray();
            foreach (var (label, value) in post.Details.Skip(4))
            {
                more.Add(Mrkdwn($"*{label}*"));
                more.Add(Plain(value.Length > LongestField ? value[..LongestField] : value));
            }

            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = more });
        }

        if (post.Comment is { } comment)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Plain(comment) });
        }

        blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn($"<{ChatText.Escape(post.Link, ChatMarkup.Slack)}|{post.LinkLabel}>") });
        return new JsonObject
        {
            ["text"] = post.Line(text => ChatText.Escape(text, ChatMarkup.Slack)),
            ["mrkdwn"] = false,
            ["blocks"] = blocks,
        };
    }

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text.Length == 0 ? " " : text, ["emoji"] = false };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
