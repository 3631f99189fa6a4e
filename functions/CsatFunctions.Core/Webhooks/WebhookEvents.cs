using Azure;
using Azure.Data.Tables;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Webhooks;

/// <summary>
/// Raises the outgoing webhooks' events: after every answer (an answer hook, called again on
/// repair), the team's change to a follow-up, and a ticket filed as not surveyed (called on every
/// repeat of its filing). An event is queued once for each endpoint that wants it and then marked
/// raised under its <c>webhook-id</c>; raised again, a marked event queues nothing, and one whose
/// raising stopped before the mark is queued again with the same id (at least once, never lost).
/// </summary>
[PersonalData(PersonalDataErasure.NothingToErase, "The webhook-ids of events already queued: hashes, and when.")]
public sealed class WebhookEvents(CsatOptions options, CsatStorage storage, JsonQueue<WebhookMessage> queue, FollowUpTable followUps, TimeProvider time)
    : IProvisioned, IAnswerHook, IFollowUpHook, INotSurveyedHook
{
    private readonly TableClient raised = storage.Table("WebhookEvents");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => await raised.CreateIfNotExistsAsync(cancellationToken);

    public async Task OnAnswerAsync(Survey survey, CancellationToken cancellationToken)
    {
        if (!options.Webhooks.Any || survey is not { Rating: { } rating, RatedAt: not null } || survey.Campaign is not null)
        {
            return;
        }

        // The follow-up hook ran before this one: an answer at the bottom of its scale has one to link to.
        var followUp = survey.Scale.IsBottom(rating, survey.Score) ? await followUps.FindAsync(survey, cancellationToken) : null;
        var (type, id, body) = WebhookBodies.Answer(survey, followUp, options);
        await RaiseAsync(type, id, body, cancellationToken);
    }

    public Task OnFollowUpChangedAsync(Survey survey, FollowUp changed, CancellationToken cancellationToken)
    {
        if (!options.Webhooks.Any)
        {
            return Task.CompletedTask;
        }

        var (type, id, body) = WebhookBodies.FollowUpChanged(survey, changed, time.GetUtcNow(), options);
        return RaiseAsync(type, id, body, cancellationToken);
    }

    public Task OnNotSurveyedAsync(Survey survey, string reason, CancellationToken cancellationToken)
    {
        if (!options.Webhooks.Any)
        {
            return Task.CompletedTask;
        }

        var (type, id, body) = WebhookBodies.NotSurveyed(survey, reason, time.GetUtcNow());
        return RaiseAsync(type, id, body, cancellationToken);
    }

    private async Task RaiseAsync(string type, string id, string body, CancellationToken cancellationToken)
    {
        var (partition, row) = (id[4..6], id);
        if ((await raised.GetEntityIfExistsAsync<TableEntity>(partition, row, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue)
        {
            return;
        }

        await Task.WhenAll(options.Webhooks.Endpoints
            .Where(endpoint => endpoint.Events.Contains(type))
            .Select(endpoint => queue.EnqueueAsync(new WebhookMessage(endpoint.Name, id, type, body), null, cancellationToken)));
        try
        {
            await raised.AddEntityAsync(new TableEntity(partition, row) { ["Type"] = type, ["RaisedAt"] = time.GetUtcNow() }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Raised at the same moment by another caller (a repair beside the recorder): the receiver sees the id twice and keeps one.
        }
    }
}
