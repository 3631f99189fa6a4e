using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Helpdesks.Autotask;

/// <summary>
/// Autotask's <c>X-Hook-Signature: sha1=…</c>: base64(HMAC-SHA1(the webhook's secret key, payload)).
/// Autotask hashes its payload as .NET's System.Text.Json writes it by default: compact, with
/// <c>&amp; &lt; &gt; ' " ` +</c>, control characters and every character outside ASCII (each UTF-16
/// unit) inside strings written as <c>\uXXXX</c> in upper-case hex. The body that arrives need not be
/// in that form (those characters often arrive as themselves), so the check rebuilds it from the body:
/// each string's value rewritten that way, whitespace between tokens dropped, everything else as sent.
/// A body already in that form is hashed byte for byte.
/// </summary>
public static class AutotaskSignature
{
    public const string Header = "X-Hook-Signature";

    public const string Prefix = "sha1=";

    /// <returns>The header's value for this body, as Autotask sends it.</returns>
    public static string Of(string secret, ReadOnlySpan<byte> body) => Prefix + Convert.ToBase64String(Hash(secret, AsHashed(body)));

    /// <summary>Whether <paramref name="header"/> signs the body, over the form Autotask hashes or, failing that, the bytes as sent.</summary>
    public static bool Matches(string secret, string? header, ReadOnlySpan<byte> body)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = new byte[HMACSHA1.HashSizeInBytes];
        if (!Convert.TryFromBase64String(header[Prefix.Length..].Trim(), given, out var written) || written != given.Length)
        {
            return false;
        }

        // Both compared every time, so the answer takes as long whichever form matched.
        var asHashed = CryptographicOperations.FixedTimeEquals(Hash(secret, AsHashed(body)), given);
        var asSent = CryptographicOperations.FixedTimeEquals(Hash(secret, body), given);
        return asHashed | asSent;
    }

    /// <summary>The body as Autotask serialized it when it computed the hash.</summary>
    public static byte[] AsHashed(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        var written = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i = CopyString(text, i + 1, written);
            }
            else
            {
                if (!char.IsWhiteSpace(c))
                {
                    written.Append(c);
                }

                i++;
            }
        }

        return Encoding.UTF8.GetBytes(written.ToString());
    }

    /// <summary>Writes the string starting after its opening quote, value by value; answers the index after its closing quote.</summary>
    private static int CopyString(string text, int i, StringBuilder written)
    {
        written.Append('"');
        while (i < text.Length && text[i] != '"')
        {
            var c = text[i++];
            if (c == '\\' && i < text.Length)
            {
                (c, i) = Unescape(text, i);
            }

            Write(c, written);
        }

        written.Append('"');
        return i + 1;
    }

    /// <summary>One escape's character, from just after its backslash; answers the index after it.</summary>
    private static (char Value, int Next) Unescape(string text, int i) => text[i] switch
    {
        'b' => ('\b', i + 1),
        'f' => ('\f', i + 1),
        'n' => ('\n', i + 1),
        'r' => ('\r', i + 1),
        't' => ('\t', i + 1),
        'u' when i + 5 <= text.Length && ushort.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit) => ((char)unit, i + 5),
        var other => (other, i + 1),
    };

    /// <summary>One character as System.Text.Json's default encoder writes it inside a string.</summary>
    private static void Write(char c, StringBuilder written)
    {
        switch (c)
        {
            case '\\':
                written.Append(@"\\");
                break;
            case '\b':
                written.Append(@"\b");
                break;
            case '\f':
                written.Append(@"\f");
                break;
            case '\n':
                written.Append(@"\n");
                break;
            case '\r':
                written.Append(@"\r");
                break;
            case '\t':
                written.Append(@"\t");
                break;
            case '"' or '&' or '<' or '>' or '\'' or '`' or '+':
            case < ' ' or >= '\u007F':
                written.Append(CultureInfo.InvariantCulture, $@"\u{(int)c:X4}");
                break;
            default:
                written.Append(c);
                break;
        }
    }

    private static byte[] Hash(string secret, ReadOnlySpan<byte> payload) => HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), payload);
}
