
namespace CsatFunctions.Surveys;

/// <summary>
/// Something that follows a ticket counted but not asked (no usable email, unsubscribed, suppressed,
/// cooldown, erased, internal, reopened) or whose email could not be delivered: the outgoing webhooks' <c>ticket.not_surveyed</c>.
/// The score's filing calls each one every time it files such a survey, and every filing may be
/// repeated (a helpdesk's retry, a queue message's), so each must be idempotent.
/// </summary>
public interface INotSurveyedHook
{
    /// <summary>The reason given for a survey that was sent but bounced or was dropped.</summary>
    public const string Undeliverable = "undeliverable";

    /// <param name="reason">One of <see cref="SkipReasons"/>, or <see cref="Undeliverable"/>.</param>
    Task OnNotSurveyedAsync(Survey survey, string reason, CancellationToken cancellationToken);
}
