namespace CsatFunctions.Helpdesks;

/// <summary>
/// Why a delivery was not taken in: refused as not authentic (401), or not checkable right now
/// because what the check needs could not be had in time (503 with Retry-After, so the helpdesk
/// delivers it again rather than dropping it).
/// </summary>
public sealed record HelpdeskRefusal(string Detail, bool CheckUnavailable)
{
    public static HelpdeskRefusal NotAuthentic(string detail) => new(detail, false);

    public static HelpdeskRefusal Unavailable(string detail) => new(detail, true);
}
