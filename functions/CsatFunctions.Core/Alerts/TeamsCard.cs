using System.Text.Json.Nodes;

namespace CsatFunctions.Alerts;

/// <summary>
/// A post as a Microsoft Teams Workflows webhook reads it ("Post to a channel when a webhook request is
/// received"): a message with one Adaptive Card 1.4 attachment
/// (https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
/// Our own words are TextBlocks and a FactSet; every outside word is a TextRun in a RichTextBlock, which
/// Teams shows as written (see <see cref="ChatMarkup.Teams"/>); the desk is an Action.OpenUrl.
/// </summary>
public static class TeamsCard
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    public static JsonObject Body(ChatPost post)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = post.Heading,
                ["size"] = "Large",
                ["weight"] = "Bolder",
                ["color"] = post.Kind == ChatPostKind.Alert ? "Attention" : "Good",
                ["wrap"] = true,
            },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray { new JsonObject { ["title"] = "Rating", ["value"] = post.Rating } },
            },
        };
        foreach (var (label, value) in post.Details)
        {
            body.Add(Rich(Run(label + ": ", bolder: true), Run(value)));
        }

        if (post.Comment is { } comment)
        {
            body.Add(Rich(Run(comment, italic: true)));
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = post.LinkLabel, ["url"] = post.Link } },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray { new JsonObject { ["contentType"] = AdaptiveCardType, ["contentUrl"] = null, ["content"] = card } },
        };
    }

    private static JsonObject Rich(params JsonObject[] runs) => new() { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray(runs) };

    private static JsonObject Run(string text, bool bolder = false, bool italic = false)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = text };
        if (bolder)
        {
            run["weight"] = "Bolder";
        }

        if (italic)
        {
            run["italic"] = true;
        }

        return run;
    }
}
