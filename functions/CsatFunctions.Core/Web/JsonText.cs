using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CsatFunctions.Web;

/// <summary>
/// Reads JSON string values without ever throwing on legal JSON. <see cref="JsonElement.GetString"/>
/// refuses an escaped lone surrogate (<c>"a\ud800b"</c>), which JSON allows; such a value is decoded
/// here by hand and each lone surrogate becomes U+FFFD, so a ticket is never lost to a 500.
/// </summary>
public static class JsonText
{
    /// <returns>The text of a string value, a number's literal, or null for any other kind.</returns>
    public static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => String(value),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <param name="value">A value of kind <see cref="JsonValueKind.String"/>.</param>
    public static string String(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Unescape(value.GetRawText());
        }
    }

    /// <summary>Decodes a raw JSON string literal (quotes included) that the parser has already checked.</summary>
    private static string Unescape(string literal)
    {
        var text = new StringBuilder(literal.Length);
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }

            c = literal[++i];
            text.Append(c switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'u' => (char)ushort.Parse(literal.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                _ => c,
            });
            if (c == 'u')
            {
                i += 4;
            }
        }

        return WellFormed(text);
    }

    private static string WellFormed(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                text[i] = '\uFFFD';
            }
        }

        return text.ToString();
    }
}
