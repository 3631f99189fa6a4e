using Azure.Data.Tables;

namespace CsatFunctions.Webhooks;

/// <summary>
/// One endpoint's attempts recorded in this process and not yet written to its log row: counts to
/// add, the latest attempt, the latest success and the failures since it. Applied to a row, it
/// leaves the row as if each attempt had been written one by one (exactly so within one process;
/// across processes, failures in a row count from the latest success either of them saw).
/// </summary>
internal sealed class WebhookLogChanges
{
    private long delivered;
    private long givenUp;
    private int failuresSinceSuccess;
    private WebhookAttempt? last;
    private DateTimeOffset? lastSuccess;
    private readonly List<WebhookAttempt> attempts = [];

    /// <summary>Every attempt added, so changes that could not be written can be gathered again.</summary>
    public IReadOnlyList<WebhookAttempt> Attempts => attempts;

    public void Add(WebhookAttempt attempt)
    {
        attempts.Add(attempt);
        if (last is null || attempt.At >= last.At)
        {
            last = attempt;
        }

        if (attempt.Outcome == WebhookOutcome.Delivered)
        {
            delivered++;
            failuresSinceSuccess = 0;
            lastSuccess = lastSuccess is { } seen && seen > attempt.At ? seen : attempt.At;
            return;
        }

        failuresSinceSuccess++;
        if (attempt.Outcome == WebhookOutcome.GivenUp)
        {
            givenUp++;
        }
    }

    public void ApplyTo(TableEntity row)
    {
        if (last is { } attempt && (row.GetDateTimeOffset("LastAttemptAt") is not { } written || attempt.At >= written))
        {
            row["LastAttemptAt"] = attempt.At;
            row["LastStatus"] = attempt.Status;
        }

        var rowSuccess = row.GetDateTimeOffset("LastSuccessAt");
        var newerSuccess = lastSuccess is { } success && (rowSuccess is null || success >= rowSuccess);
        row["ConsecutiveFailures"] = newerSuccess ? failuresSinceSuccess : (row.GetInt32("ConsecutiveFailures") ?? 0) + failuresSinceSuccess;
        if (newerSuccess)
        {
            row["LastSuccessAt"] = lastSuccess;
        }

        row["Delivered"] = (row.GetInt64("Delivered") ?? 0) + delivered;
        row["Failed"] = (row.GetInt64("Failed") ?? 0) + givenUp;
    }
}
