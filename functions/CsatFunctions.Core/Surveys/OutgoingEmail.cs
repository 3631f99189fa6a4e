namespace CsatFunctions.Surveys;

/// <summary>Where one of a survey's emails stands: its state, the claim on its send, and SendGrid's proof of a send.</summary>
public sealed record EmailProgress(EmailState State, string? ClaimId, DateTimeOffset? ClaimExpiresAt, DateTimeOffset? ProcessedAt);

/// <summary>
/// One of the emails a survey sends: the survey email and its one reminder. Each is claimed and
/// recorded in columns of its own on the survey row, so each goes out exactly once, the same way.
/// </summary>
public sealed record OutgoingEmail(string Name, string StateColumn, string ClaimIdColumn, string ClaimExpiresAtColumn, string SentAtColumn, string FailureColumn, Func<Survey, EmailProgress> Progress)
{
    public static readonly OutgoingEmail Survey = new(
        "survey", "Email", "SendClaimId", "SendClaimExpiresAt", "SentAt", "SendFailure",
        survey => new(survey.Email, survey.SendClaimId, survey.SendClaimExpiresAt, survey.ProcessedAt));

    public static readonly OutgoingEmail Reminder = new(
        "reminder", "Reminder", "ReminderClaimId", "ReminderClaimExpiresAt", "RemindedAt", "ReminderFailure",
        survey => new(survey.Reminder ?? EmailState.Pending, survey.ReminderClaimId, survey.ReminderClaimExpiresAt, survey.ReminderProcessedAt));
}
