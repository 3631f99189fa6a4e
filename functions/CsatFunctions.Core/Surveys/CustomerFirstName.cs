namespace CsatFunctions.Surveys;

/// <summary>
/// The customer's first name at most, as the team's emails show who answered: enough to know who, not to
/// write to them from there. A name that is an address (helpdesks send the address when they know no name)
/// is left out whole, since its first "word" would be the address itself.
/// </summary>
public static class CustomerFirstName
{
    public static string? Of(string? name) =>
        name is null || name.Contains('@', StringComparison.Ordinal)
            ? null
            : name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
