using CsatFunctions.Ratings;
using CsatFunctions.Surveys;
namespace CsatFunctions.Alerts;

/// <summary>The body posted to a chat incoming webhook; Slack, Mattermost and Teams workflows all read <c>text</c>.</summary>
public sealed record ChatAlert(string Text);
