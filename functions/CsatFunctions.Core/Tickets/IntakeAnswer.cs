using System.Text.Json.Serialization;
using CsatFunctions.Surveys;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tickets;

/// <summary>What a webhook answers on success: the survey and whether this delivery was new, why it cannot be asked, or why it was ignored.</summary>
public sealed record IntakeAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SurveyId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    /// <summary>The largest webhook body taken, on every intake route.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static IntakeAnswer Accepted(string surveyId) => new(surveyId, "accepted");

    public static IntakeAnswer Duplicate(string surveyId) => new(surveyId, "duplicate");

    public static IntakeAnswer Ignored(string reason) => new(null, "ignored", reason);

    /// <summary>Stored; the ticket's details are read from the helpdesk's API next, and it is counted if it is resolved.</summary>
    public static IResult Queued() =>
        Results.Json(new IntakeAnswer(null, "queued", "The ticket is read from the helpdesk's API next and counted once it is resolved."), CsatJson.Default.IntakeAnswer, statusCode: StatusCodes.Status202Accepted);

    /// <summary>Counted, but nobody can be asked (no usable email); a later delivery with one is surveyed.</summary>
    public static IntakeAnswer NotSurveyed(string surveyId, string reason) => new(surveyId, "notSurveyed", reason);

    /// <summary>A reopen after the survey email left, with <c>Csat__ReopenAfterEmail</c> = <c>ask-again</c>: the ticket's next resolution is asked again.</summary>
    public static IntakeAnswer Reopened(string surveyId) => new(surveyId, "reopened", "The survey email had left; the ticket's next resolution sends it again and is counted instead.");

    /// <summary>The answer to a delivery the survey intake took: 202 when new, 200 otherwise.</summary>
    public static IResult For(SurveyIntakeResult result, TicketResolved ticket) =>
        result.Survey.SkipReason == SkipReasons.NoEmail
            ? Ok(NotSurveyed(result.Survey.Id, ticket.NoEmailBecause ?? "The ticket has no customer email address."))
            : result.IsNew
                ? Results.Json(Accepted(result.Survey.Id), CsatJson.Default.IntakeAnswer, statusCode: StatusCodes.Status202Accepted)
                : Ok(Duplicate(result.Survey.Id));

    public static IResult Ok(IntakeAnswer answer) => Results.Json(answer, CsatJson.Default.IntakeAnswer, statusCode: StatusCodes.Status200OK);
}
