using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Ratings.FollowUps;

/// <summary>The follow-ups asked for, the ones needing someone first (open, then contacted), oldest first.</summary>
public sealed record FollowUpsAnswer(IReadOnlyList<FollowUpItem> Items);

/// <summary>A follow-up as the routes show it: status by name, the helpdesk's link to the ticket.</summary>
public sealed record FollowUpItem(
    string SurveyId,
    string TicketId,
    string Source,
    string Agent,
    string? Company,
    DateOnly ResolvedDay,
    string Rating,
    string Status,
    string Owner,
    string Note,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstContactAt,
    DateTimeOffset? ClosedAt,
    Uri? TicketUrl);

/// <summary>
/// <c>GET /api/admin/followups?status=open|contacted|resolved|recovered</c> and
/// <c>POST /api/admin/followups/{surveyId}</c> (form or JSON fields <c>status</c>, <c>owner</c>,
/// <c>note</c>): the team's work list, and moving one along. A form post from the desk goes back to it.
/// </summary>
public sealed class FollowUpsEndpoint(CsatOptions options, FollowUpTable followUps, SurveyTable surveys, IEnumerable<IFollowUpHook> hooks)
{
    public const int MaxNoteLength = 2000;
    public const int MaxOwnerLength = 200;

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var statusText = request.Query["status"].ToString();
        FollowUpStatus? status = null;
        if (statusText.Length > 0)
        {
            if (!FollowUpTable.TryParse(statusText, out var parsed))
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["status"] = ["Must be open, contacted, resolved or recovered."] }, "The query is not valid.");
            }

            status = parsed;
        }

        var items = (await followUps.ListAsync(null, null, cancellationToken))
            .Where(f => status is null || f.Status == status)
            .OrderBy(f => f.Status)
            .ThenBy(f => f.OpenedAt)
            .Select(Item)
            .ToList();
        return Results.Json(new FollowUpsAnswer(items), CsatJson.Default.FollowUpsAnswer);
    }

    public async Task<IResult> UpdateAsync(string surveyId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await ChangeFields.ReadAsync(request, cancellationToken) is not { } form)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Send the fields status, owner and note as a form or as a JSON object of strings."] }, "Nothing was changed.");
        }

        var errors = new Dictionary<string, string[]>();
        if (!FollowUpTable.TryParse(form["status"], out var status) || status == FollowUpStatus.Recovered)
        {
            errors["status"] = ["Must be open, contacted or resolved (a follow-up is recovered by the customer's own answer)."];
        }

        var owner = CleanText.Clean(form["owner"], MaxOwnerLength) ?? "";
        var note = form["note"].Trim().ReplaceLineEndings("\n");
        if (note.Length > MaxNoteLength)
        {
            errors["note"] = [$"Must be at most {MaxNoteLength:N0} characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "Nothing was changed.");
        }

        if (!SurveyId.IsWellFormed(surveyId) || await surveys.GetAsync(surveyId, cancellationToken) is not { } stored
            || await followUps.UpdateAsync(stored.Survey, status, owner, note, cancellationToken) is not { } changed)
        {
            return Results.Problem("That survey has no follow-up: only an answer at the bottom of its scale opens one.", statusCode: StatusCodes.Status404NotFound);
        }

        // The change is stored: a client that goes away now must not keep its event from being raised.
        foreach (var hook in hooks)
        {
            await hook.OnFollowUpChangedAsync(stored.Survey, changed, CancellationToken.None);
        }

        return form.IsJson || StorageOutageAnswer.WantsJson(request)
            ? Results.Json(Item(changed), CsatJson.Default.FollowUpItem)
            : new HeaderResult(Results.StatusCode(StatusCodes.Status303SeeOther), ("Location", $"{CsatRoutes.DeskPath}#followup-{surveyId}"));
    }

    private FollowUpItem Item(FollowUp f) => new(
        f.SurveyId, f.TicketId, f.Source, f.Agent, f.Company, f.ResolvedDay, f.Rating, FollowUpTable.Name(f.Status), f.Owner, f.Note, f.OpenedAt, f.FirstContactAt, f.ClosedAt, options.TicketUrl(f.Source, f.TicketId));
}
