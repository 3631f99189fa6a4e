namespace CsatFunctions.Surveys;

/// <summary>Why a survey was not sent, as stored and shown to operators.</summary>
public static class SkipReasons
{
    public const string Unsubscribed = "unsubscribed";
    public const string Cooldown = "cooldown";

    /// <summary>The ticket came without a usable customer email; a later delivery with one is surveyed.</summary>
    public const string NoEmail = "no-email";
}
