using CsatFunctions.Consent;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys;

/// <summary>
/// The writes that finish taking a survey in, after its row is stored: the skip mark, the customer's
/// list of surveys (so what is held about them can be found and erased), the day's filing (every
/// ticket is counted as resolved, a skipped one also as not surveyed) and, for one to be asked, the
/// queued email, hidden until <see cref="Survey.SendAfter"/> (<c>Csat__SendDelay</c>). Independent and
/// idempotent, so they are made at once, and every delivery of the ticket that finds the survey
/// unfinished makes them all again. A survey moved to a new day (resolved again after a reopen) takes
/// what else is kept under its day along with the day's filing (<see cref="IMovesWithSurvey"/>).
/// </summary>
public sealed class SurveyFiling(CsatOptions options, SurveyTable surveys, CustomerSurveys customerSurveys, ICountsSurveys counted, JsonQueue<SurveyMessage> queue, TimeProvider time)
{
    public async Task FileAsync(Survey survey, bool markSkipped, CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            markSkipped ? surveys.MarkSkippedAsync(survey.Id, survey.SkipReason!, cancellationToken) : Task.CompletedTask,
            survey.CustomerEmail is { } address ? customerSurveys.AddAsync(address, survey.Id, cancellationToken) : Task.CompletedTask,
            counted.FileAsync(survey, cancellationToken),
            survey.Email == EmailState.Pending ? queue.EnqueueAsync(new SurveyMessage(survey.Id), SurveyMessage.Hidden(survey, time.GetUtcNow(), options), cancellationToken) : Task.CompletedTask);
    }
}
