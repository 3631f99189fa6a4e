namespace CsatFunctions.Desk;

/// <summary>Who is at the desk: the support team with the admin key, or a read-only viewer.</summary>
public enum DeskRole
{
    /// <summary>Reads everything: reports, answers, follow-ups; changes nothing.</summary>
    Viewer,

    /// <summary>Reads and changes: follow-ups, suppressions, replays, refreshes.</summary>
    Admin,
}
