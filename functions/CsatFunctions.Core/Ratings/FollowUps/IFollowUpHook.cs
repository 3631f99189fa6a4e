using CsatFunctions.Surveys;

namespace CsatFunctions.Ratings.FollowUps;

/// <summary>
/// Something that follows the team's change to a follow-up (status, owner, note) through
/// <see cref="FollowUpsEndpoint"/>: the outgoing webhooks' <c>followup.updated</c>. A customer's own
/// answer reopening or recovering a follow-up is an answer, told through the answer hooks instead.
/// </summary>
public interface IFollowUpHook
{
    /// <param name="changed">The follow-up as the team's change left it.</param>
    Task OnFollowUpChangedAsync(Survey survey, FollowUp changed, CancellationToken cancellationToken);
}
