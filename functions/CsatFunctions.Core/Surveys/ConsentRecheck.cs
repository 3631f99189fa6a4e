using CsatFunctions.Consent;
using CsatFunctions.Telemetry;

namespace CsatFunctions.Surveys;

/// <summary>
/// Just before a survey email goes: the customer may have unsubscribed, or their address been
/// suppressed or erased, since the ticket came in. Such a survey is marked skipped and filed again,
/// so it is counted as not surveyed.
/// </summary>
public sealed class ConsentRecheck(CustomerRegistry customers, SurveyTable surveys, ICountsSurveys counted, CsatMetrics metrics)
{
    /// <returns>True when the survey must not be sent, and is now skipped.</returns>
    public async Task<bool> SkippedAsync(Survey survey, CancellationToken cancellationToken)
    {
        if ((survey.CustomerEmail is { } address ? SkipReasons.For(await customers.GetAsync(address, cancellationToken)) : SkipReasons.Erased) is not { } skip)
        {
            return false;
        }

        await surveys.MarkSkippedAsync(survey.Id, skip, cancellationToken);
        await counted.FileAsync(survey with { Email = EmailState.Skipped, SkipReason = skip }, cancellationToken);
        metrics.NotSurveyed(skip);
        return true;
    }
}
