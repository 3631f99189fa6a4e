using System.Globalization;

namespace CsatFunctions.Scores.Comments;

/// <summary>
/// The one thing a customer allows us to publish beside their comment: "my first name". A helpdesk's
/// name field holds anything (a whole name, "Davis, A.", an address, a login, one word), so only what
/// is plainly a given name is taken, and anything in doubt publishes no name at all.
/// </summary>
public static class FirstName
{
    /// <summary>Titles before a name; after one, a lone word is the family name ("Mr Davis").</summary>
    private static readonly HashSet<string> Titles = new(
        ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "m", "mme", "mlle", "sr", "sra", "srta", "dhr", "mevr"],
        StringComparer.OrdinalIgnoreCase);

    /// <returns>
    /// The given name, or null when the name has none we can be sure of: no name; an address or digits
    /// (a login or an id, not a name); "Family, Given" takes the part after the comma; one word alone
    /// may as well be the family name; an initial ("A.") is not a name.
    /// </returns>
    public static string? Of(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('@') || name.Any(char.IsDigit))
        {
            return null;
        }

        var comma = name.IndexOf(',');
        var words = (comma >= 0 ? name[(comma + 1)..] : name).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && Titles.Contains(words[0].TrimEnd('.')))
        {
            words = words[1..];
        }

        // "Family, Given" names the given name alone after the comma; otherwise a single word says nothing about which name it is.
        var given = comma >= 0 ? words.FirstOrDefault() : words.Length >= 2 ? words[0] : null;
        return given is not null && IsGivenName(given) ? given : null;
    }

    /// <summary>Letters (and the marks that accent them), hyphens and apostrophes between them, at least two letters: "Ann", "Anne-Marie", "D'Arcy", "Zoë".</summary>
    private static bool IsGivenName(string word) =>
        word.Length <= 40
        && word.Count(char.IsLetter) >= 2
        && char.IsLetter(word[0]) && char.IsLetter(word[^1])
        && word.All(c => char.IsLetter(c) || c is '-' or '\'' or '’' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
}
