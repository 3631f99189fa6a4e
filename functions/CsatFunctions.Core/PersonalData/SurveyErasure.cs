using CsatFunctions.Consent;
using CsatFunctions.Surveys;

namespace CsatFunctions.PersonalData;

/// <summary>
/// Erases one survey's personal data everywhere it is kept: the way from its ticket to it, its place
/// in its customer's list of surveys, the customer's address and name, the ticket's subject, their comment (also off the public comments),
/// the team's follow-up note, and the address in SendGrid's words. What the survey is counted by
/// stays, so published figures do not change. Every write is idempotent, so an erasure cut off
/// half-way is finished by a repeat.
/// </summary>
public sealed class SurveyErasure(SurveysByTicket byTicket, CustomerSurveys index, SurveyTable surveys, SurveyCopies copies, TimeProvider time)
{
    public async Task EraseAsync(Survey survey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // The ticket's entry and the customer's list first, while the survey row still names them for a repeat; then the row:
        // whatever writes a copy afterwards (an answer, a delivery event) reads the erased row and
        // erases its copy again (RatingCounter), so the copies below are not written back.
        await byTicket.ForgetAsync(survey.TicketKey ?? survey.Id, now, cancellationToken);
        if (survey.CustomerEmail is { } email)
        {
            await index.RemoveAsync(email, survey.Id, cancellationToken);
        }

        await surveys.EraseCustomerAsync(survey, now, cancellationToken);
        await copies.EraseAsync(survey, cancellationToken);
    }
}
