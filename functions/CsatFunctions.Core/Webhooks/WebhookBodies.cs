using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Surveys;
using CsatFunctions.Web;

namespace CsatFunctions.Webhooks;

/// <summary>
/// Each event's body and its <c>webhook-id</c>. The id is derived from what the event is about
/// (the answer version, the follow-up change, the survey and its reason), so the same event raised
/// twice (an answer hook repaired, an intake retried) has the same id, which Standard Webhooks tells
/// receivers to use as their idempotency key.
/// </summary>
public static class WebhookBodies
{
    /// <returns><c>msg_</c> and 32 hex digits of SHA-256 over the type and the event's key: no full stop, as the signature scheme asks.</returns>
    public static string IdOf(string type, string key) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{type}\n{key}")).AsSpan(0, 16));

    /// <summary>An answer: <c>rating.recorded</c> or, for a change of mind, <c>rating.changed</c>, stamped with when it was given.</summary>
    public static (string Type, string Id, string Body) Answer(Survey survey, FollowUp? followUp, CsatOptions options)
    {
        var type = survey.IsChangeOfMind ? WebhookEventTypes.RatingChanged : WebhookEventTypes.RatingRecorded;
        var data = Data(survey) with
        {
            Rating = survey.Rating?.ToWire(),
            Score = survey.Score,
            Scale = survey.Scale.Name,
            Comment = survey.Comment is { Length: > 0 } comment ? AddressFreeText.Of(comment) : null,
            RatedAt = survey.RatedAt,
            FollowUp = followUp is null ? null : FollowUpOf(followUp, options),
            Reasons = survey.Reasons,
        };
        return (type, IdOf(type, survey.AnswerVersion!), Write(type, survey.RatedAt!.Value, data));
    }

    /// <summary>The team's change to a follow-up, stamped with when it was made.</summary>
    public static (string Type, string Id, string Body) FollowUpChanged(Survey survey, FollowUp changed, DateTimeOffset at, CsatOptions options)
    {
        const string type = WebhookEventTypes.FollowUpUpdated;
        var data = Data(survey) with { Rating = changed.Rating, FollowUp = FollowUpOf(changed, options) };
        return (type, IdOf(type, $"{survey.Id}.{at.UtcTicks}"), Write(type, at, data));
    }

    /// <summary>A ticket counted but not asked, or not delivered; one event per survey and reason.</summary>
    public static (string Type, string Id, string Body) NotSurveyed(Survey survey, string reason, DateTimeOffset at)
    {
        const string type = WebhookEventTypes.TicketNotSurveyed;
        return (type, IdOf(type, $"{survey.Id}.{reason}"), Write(type, at, Data(survey) with { Reason = reason }));
    }

    private static WebhookEventData Data(Survey survey) =>
        new(survey.Id, survey.TicketId, survey.Source, survey.Company, survey.Agent, survey.Channel, null, null, null, null, null, null, null);

    private static WebhookFollowUp FollowUpOf(FollowUp followUp, CsatOptions options) => new(
        FollowUpTable.Name(followUp.Status),
        followUp.Owner is { Length: > 0 } owner ? owner : null,
        followUp.OpenedAt,
        followUp.FirstContactAt,
        followUp.ClosedAt,
        options.Link($"{CsatRoutes.DeskPath}#followup-{followUp.SurveyId}"));

    private static string Write(string type, DateTimeOffset at, WebhookEventData data) =>
        JsonSerializer.Serialize(new WebhookEvent(type, at.ToUniversalTime(), data), CsatJson.Default.WebhookEvent);
}
