using CsatFunctions.Agents;
using CsatFunctions.Alerts;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions;

/// <summary>
/// Every queue of the pipeline and what handles its messages: the one place a queue is named. Both
/// hosts, the failed counts and the poison replay take their queues from here. The names are
/// constants because the Functions app's queue triggers must name their queue in an attribute; they
/// are the deployed queues' names (after the storage prefix and a hyphen), so they never change.
/// </summary>
public static class QueueStepList
{
    public const string Surveys = "surveys";
    public const string Reminders = "reminders";
    public const string DeliveryEvents = "delivery-events";
    public const string Alerts = "alerts";
    public const string HelpdeskLookups = "helpdesk-lookups";
    public const string Webhooks = "webhooks";
    public const string HelpdeskNotes = "helpdesk-notes";
    public const string AgentReviews = "agent-reviews";

    public static IServiceCollection AddQueueSteps(this IServiceCollection services) => services
        .AddQueueStep<SurveyMessage, SurveyMailer>(Surveys)
        .AddQueueStep<ReminderMessage, ReminderMailer>(Reminders)
        .AddQueueStep<DeliveryEventsMessage, DeliveryEventProcessor>(DeliveryEvents)
        .AddQueueStep<RatingAlertMessage, RatingAlerter>(Alerts)
        .AddQueueStep<HelpdeskLookupMessage, HelpdeskLookups>(HelpdeskLookups)
        .AddQueueStep<WebhookMessage, WebhookDelivery>(Webhooks)
        .AddQueueStep<HelpdeskNoteMessage, HelpdeskNotes>(HelpdeskNotes)
        .AddQueueStep<AgentReviewMessage, AgentReviewSender>(AgentReviews);
}
