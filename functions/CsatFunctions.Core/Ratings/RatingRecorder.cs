using System.Diagnostics;
using CsatFunctions.Surveys;
using CsatFunctions.Telemetry;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Ratings;

/// <summary>
/// <c>POST /api/ratings/{token}</c>: records or replaces a survey's rating and comment (the latest
/// answer stands), then files it under its day so the next aggregation counts it. Once the survey
/// row holds the answer the customer is thanked, whatever fails next: <see cref="RatingCounter"/>
/// sees that it is counted all the same.
/// </summary>
public sealed class RatingRecorder(
    SurveyLinks links,
    SurveyTable surveys,
    RatingCounter counter,
    RatingPages pages,
    ClientRateLimits rateLimits,
    CsatMetrics metrics,
    TimeProvider time,
    ILogger<RatingRecorder> logger)
{
    public const int MaxCommentLength = 2000;

    public async Task<IResult> RecordAsync(string token, HttpRequest request, CancellationToken cancellationToken)
    {
        var wantsJson = StorageOutageAnswer.WantsJson(request);
        if (rateLimits.TryAcquire(RateLimitedRoute.RatingPost, request) is { } wait)
        {
            return wantsJson ? ClientRateLimits.TooMany(wait) : pages.TooMany(wait);
        }

        var linked = await links.ResolveAsync(token, cancellationToken);
        if (linked is not { Status: LinkStatus.Valid, Stored: { } stored })
        {
            var status = linked.Status == LinkStatus.Expired ? LinkStatus.Expired : LinkStatus.Tampered;
            return wantsJson
                ? Results.Problem(
                    status == LinkStatus.Expired ? "The rating link has expired." : "The rating link is not valid.",
                    statusCode: status == LinkStatus.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest)
                : pages.BadLink(status, linked.Stored?.Survey);
        }

        var survey = stored.Survey;
        var publish = false;
        string?[] sentReasons = [];
        if (!request.HasFormContentType)
        {
            return Refuse("form", "Send the rating as a form (application/x-www-form-urlencoded).", ("form.errorForm", []), null, null);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Refuse("form", "The form could not be read.", ("form.errorForm", []), null, null);
        }

        var comment = form["comment"].ToString().Trim() is { Length: > 0 } text ? text.ReplaceLineEndings("\n") : null;
        var answer = form["rating"].ToString();
        publish = form["publish"].ToString() == "on";
        sentReasons = form["reason"].ToArray();
        if (!survey.Scale.TryRead(answer, out var rating, out var score))
        {
            var values = survey.Scale.Values;
            return Refuse("rating", $"Choose one of {string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}.", ("form.errorChoose", []), null, comment);
        }

        if (comment is not null && comment.EnumerateRunes().Count() > MaxCommentLength)
        {
            return Refuse("comment", $"The comment can be at most {MaxCommentLength:N0} characters.", ("form.errorCommentLength", [("max", MaxCommentLength)]), answer, comment);
        }

        // Days after the ticket, in a request of its own: linked to the trace that took the ticket in.
        ActivityLink[]? ticketLink = ActivityContext.TryParse(survey.TraceParent, null, out var ticketTrace) ? [new ActivityLink(ticketTrace)] : null;
        using var activity = CsatTelemetry.Source.StartActivity(ActivityKind.Internal, links: ticketLink, name: "rating record");
        activity?.SetTag("csat.survey.id", survey.Id);
        activity?.SetTag("csat.rating", rating.ToWire());
        var now = time.GetUtcNow();
        var note = await counter.NoteAsync(survey.Id, cancellationToken);
        var reasons = pages.Reasons.Kept(survey, rating, score, sentReasons);
        if (await surveys.RecordRatingAsync(stored, rating, score, comment, publish, reasons, now, cancellationToken) is { } answered)
        {
            metrics.RatingRecorded(rating.ToWire(), survey.Scale.Name);
            await counter.CountNewAnswerAsync(survey, answered, note);
        }
        else
        {
            // A submit racing this one stored a later answer, which stands and is counted by its own recorder.
            await counter.DoneAsync(survey.Id, note, CancellationToken.None);
        }

        logger.LogInformation("Recorded rating {Rating} for survey {SurveyId}.", Scale.Wire(rating, score), survey.Id);

        return wantsJson
            ? Results.Json(new RatingAnswer(survey.Id, Scale.Wire(rating, score), comment, reasons), CsatJson.Default.RatingAnswer)
            : pages.ThankYou(survey, rating, score, comment);

        // Programs read the problem in English; the customer reads the form again in their language.
        IResult Refuse(string field, string message, (string Key, (string, object)[] Values) text, string? chosen, string? keptComment) => wantsJson
            ? Problems.Invalid(new Dictionary<string, string[]> { [field] = [message] }, "The rating was not recorded.")
            : pages.Form(survey, token, chosen, keptComment, text, StatusCodes.Status400BadRequest, publish, sentReasons.OfType<string>().ToArray());
    }
}
