using System.Text.Json;
using System.Text.Json.Serialization;
using CsatFunctions.Admin;
using CsatFunctions.Alerts;
using CsatFunctions.Campaigns;
using CsatFunctions.Ratings;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Consent;
using CsatFunctions.Desk;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Ledger;
using CsatFunctions.PersonalData;
using CsatFunctions.Storage;
using CsatFunctions.Tickets;

namespace CsatFunctions;

/// <summary>Source-generated serialization for every wire format the pipeline writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScoreDocument))]
[JsonSerializable(typeof(SurveyMessage))]
[JsonSerializable(typeof(ReminderMessage))]
[JsonSerializable(typeof(DeliveryEventsMessage))]
[JsonSerializable(typeof(DeliveryEventsAnswer))]
[JsonSerializable(typeof(SuppressionAnswer))]
[JsonSerializable(typeof(CustomerData))]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(LedgerIndex))]
[JsonSerializable(typeof(LedgerCheckpoint))]
[JsonSerializable(typeof(Ledger.Log.LogLeaf))]
[JsonSerializable(typeof(Ledger.Log.LogDescription))]
[JsonSerializable(typeof(Ledger.Log.LogReceipt))]
[JsonSerializable(typeof(CampaignDefinition))]
[JsonSerializable(typeof(CampaignReport))]
[JsonSerializable(typeof(CampaignRunAnswer))]
[JsonSerializable(typeof(CampaignCustomerLine))]
[JsonSerializable(typeof(ImportAnswer))]
[JsonSerializable(typeof(List<Digests.AccountManager>))]
[JsonSerializable(typeof(Digests.AccountManagerLine))]
[JsonSerializable(typeof(Digests.AccountManagerImportAnswer))]
[JsonSerializable(typeof(ErasureAnswer))]
[JsonSerializable(typeof(SessionAnswer))]
[JsonSerializable(typeof(CommentsDocument))]
[JsonSerializable(typeof(CsatFunctions.Scores.Policy.ReviewPolicy))]
[JsonSerializable(typeof(DeskReport))]
[JsonSerializable(typeof(CsatFunctions.Clients.ClientReport))]
[JsonSerializable(typeof(CsatFunctions.Clients.ShareLinkItem))]
[JsonSerializable(typeof(RatingsAnswer))]
[JsonSerializable(typeof(FollowUpsAnswer))]
[JsonSerializable(typeof(FollowUpItem))]
[JsonSerializable(typeof(IntakeAnswer))]
[JsonSerializable(typeof(NotSurveyedAnswer))]
[JsonSerializable(typeof(RatingAnswer))]
[JsonSerializable(typeof(FailedSurveysAnswer))]
[JsonSerializable(typeof(PoisonReplayAnswer))]
[JsonSerializable(typeof(RatingAlertMessage))]
[JsonSerializable(typeof(CsatFunctions.Agents.AgentReviewMessage))]
[JsonSerializable(typeof(CsatFunctions.Helpdesks.HelpdeskLookupMessage))]
[JsonSerializable(typeof(CsatFunctions.Helpdesks.Notes.HelpdeskNoteMessage))]
[JsonSerializable(typeof(CsatFunctions.Helpdesks.Zendesk.ZendeskTicketUpdate))]
[JsonSerializable(typeof(CsatFunctions.Helpdesks.Zendesk.ZendeskTags))]
[JsonSerializable(typeof(ChatAlert))]
[JsonSerializable(typeof(CsatFunctions.Webhooks.WebhookEvent))]
[JsonSerializable(typeof(CsatFunctions.Webhooks.WebhookMessage))]
[JsonSerializable(typeof(CsatFunctions.Webhooks.WebhooksAnswer))]
[JsonSerializable(typeof(Dictionary<string, int[]>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, StoredCounts>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, int>>))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(CsatFunctions.Tags.AnswerTags))]
public sealed partial class CsatJson : JsonSerializerContext;
