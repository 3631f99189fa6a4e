namespace CsatFunctions.Surveys;

/// <summary>
/// SendGrid refused the email for good (a 4xx other than 429: a bad address, a malformed request):
/// the same email again would be refused again, so it is not retried.
/// </summary>
public sealed class SendGridRefusedException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status SendGrid answered; its body may quote the recipient, so it is not kept.</summary>
    public int Status { get; } = status;
}
