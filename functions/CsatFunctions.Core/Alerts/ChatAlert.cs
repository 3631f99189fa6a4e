using System.Text.Json.Serialization;

namespace CsatFunctions.Alerts;

/// <summary>
/// The body posted to a chat incoming webhook; Slack, Mattermost and Teams workflows all read <c>text</c>.
/// <see cref="Mrkdwn"/> is Slack's switch for its formatting, sent (as false) only to Slack.
/// </summary>
public sealed record ChatAlert(string Text, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Mrkdwn);
