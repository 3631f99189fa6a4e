using System.Text;

namespace CsatFunctions.Web;

/// <summary>
/// Makes free text from a helpdesk fit to store and show, never refusing it: control characters
/// (line breaks, tabs, NUL) become a space, broken Unicode becomes U+FFFD, and text over the limit is
/// cut with an ellipsis. An email subject with a line break is still a ticket to survey.
/// </summary>
public static class CleanText
{
    public const char Ellipsis = '…';

    /// <returns>The cleaned text, or null when nothing but white space is left.</returns>
    public static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        var clean = new StringBuilder(text.Length);
        var lastWasSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
                lastWasSpace = false;
                continue;
            }

            if (char.IsControl(c))
            {
                // A run of them (\r\n) is one space, not several.
                if (!lastWasSpace)
                {
                    clean.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            lastWasSpace = c == ' ';
        }

        var result = clean.ToString().Trim();
        return result.Length == 0 ? null : result.Length <= maxLength ? result : Cut(result, maxLength);
    }

    private static string Cut(string text, int maxLength)
    {
        // Room for the ellipsis, without splitting a surrogate pair.
        var end = maxLength - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end].TrimEnd() + Ellipsis;
    }
}
