namespace CsatFunctions.Surveys;

/// <summary>SendGrid was unreachable, throttled us or failed on its side: the message should be retried.</summary>
public sealed class SendGridUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
