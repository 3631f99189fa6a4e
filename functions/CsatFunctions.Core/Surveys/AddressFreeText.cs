using System.Text.RegularExpressions;

namespace CsatFunctions.Surveys;

/// <summary>
/// SendGrid's free text (a bounce's SMTP reply, the body of a refused send) often quotes the
/// recipient's address: "550 5.1.1 &lt;ann@example.org&gt;: Recipient address rejected". It is stored
/// without any address, so an erasure has nothing to find in it and a later event cannot write one back.
/// </summary>
public static partial class AddressFreeText
{
    public const string Placeholder = "(address)";

    public static string Of(string text) => Address().Replace(text, Placeholder);

    [GeneratedRegex(@"[^\s<>""'(),;:\[\]]+@[^\s<>""'(),;:\[\]]+")]
    private static partial Regex Address();
}
