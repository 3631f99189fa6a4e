namespace CsatFunctions.Tags;

/// <summary>
/// The team's tags on one answer: free text, each trimmed, on one line, without the CSV's
/// <see cref="Separator"/> and at most <see cref="MaxLength"/> characters, at most <see cref="MaxPerAnswer"/> of them, the same tag in
/// another case kept once in the spelling first given. Bad input is refused, not repaired: the person
/// typing it is there to fix it.
/// </summary>
public static class AnswerTagList
{
    public const int MaxLength = 50;
    public const int MaxPerAnswer = 20;

    /// <summary>What separates an answer's tags in the CSV's one cell, so never part of a tag.</summary>
    public const char Separator = ';';

    /// <returns>The tag as stored, or null with <paramref name="error"/> saying why it is refused.</returns>
    public static string? Read(string? text, out string? error)
    {
        var tag = text?.Trim() ?? "";
        error = tag.Length == 0 ? "Must not be empty."
            : tag.Any(char.IsControl) ? "Must be one line of text, without tabs or control characters."
            : tag.Length > MaxLength ? $"Must be at most {MaxLength} characters."
            : tag.Contains(Separator) ? $"Must not contain '{Separator}', which separates the tags in the CSV."
            : !IsWellFormed(tag) ? "Must be valid text."
            : null;
        return error is null ? tag : null;
    }

    /// <summary>The tags with the same tag in another case kept once, first spelling first.</summary>
    public static List<string> Distinct(IEnumerable<string> tags) => tags.DistinctBy(tag => tag.ToUpperInvariant(), StringComparer.Ordinal).ToList();

    /// <summary>Whether a tag is among the list, in any case.</summary>
    public static bool Holds(IEnumerable<string> tags, string tag) => tags.Any(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
