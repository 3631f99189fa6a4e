using System.Text.Json.Serialization;

namespace CsatFunctions.Alerts;

/// <summary>
/// The body posted to a Markdown chat's incoming webhook (Mattermost and others that read <c>text</c>).
/// <see cref="Mrkdwn"/> is Slack's switch for its formatting, unset here.
/// </summary>
public sealed record ChatAlert(string Text, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Mrkdwn);
