using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace CsatFunctions.Web;

/// <summary>
/// Markup that is safe to send as it is. The only ways to make one are <see cref="Of"/> (and
/// <see cref="HtmlBuilder"/>), where every interpolated hole is HTML-encoded unless it is itself an
/// <see cref="Html"/>, and <see cref="Raw"/>. A hole someone forgot to encode is the bug this removes:
/// with it, forgetting is no longer possible, and the rare exception says so at the call.
/// </summary>
public readonly record struct Html
{
    private readonly string? markup;

    private Html(string markup) => this.markup = markup;

    /// <summary>Nothing, for a piece a page shows only sometimes.</summary>
    public static Html Empty => default;

    /// <summary><c>Html.Of($"&lt;td&gt;{customer.Name}&lt;/td&gt;")</c>: the literal parts as written, each hole encoded.</summary>
    public static Html Of(ref Handler html) => html.ToHtml();

    /// <summary>Markup trusted as given. Every caller says why it cannot carry a person's text.</summary>
    public static Html Raw(string markup) => new(markup);

    /// <summary>Pieces already safe, one after the other, not encoded again.</summary>
    public static Html Join(IEnumerable<Html> pieces) => new(string.Concat(pieces.Select(piece => piece.markup)));

    public override string ToString() => markup ?? "";

    /// <summary>Safe in text and in a quoted attribute: it encodes both quotes as well as &lt;, &gt; and &amp;.</summary>
    private static string Encode(string? text) => WebUtility.HtmlEncode(text) ?? "";

    /// <summary>
    /// Writes an interpolated string as HTML: literal parts as written, <see cref="Html"/> holes as they
    /// are, any other hole formatted in the invariant culture (so <c>{percent:0.0}</c> reads the same on
    /// every server) and encoded.
    /// </summary>
    [InterpolatedStringHandler]
    public readonly ref struct Handler
    {
        private readonly StringBuilder text;

        public Handler(int literalLength, int formattedCount) => text = new StringBuilder(literalLength + (formattedCount * 16));

        public Handler(int literalLength, int formattedCount, HtmlBuilder builder) => text = builder.Text;

        public void AppendLiteral(string literal) => text.Append(literal);

        public void AppendFormatted(Html html) => text.Append(html.markup);

        public void AppendFormatted(string? value) => text.Append(Encode(value));

        public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

        public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

        public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

        public void AppendFormatted<T>(T value, int alignment, string? format)
        {
            var formatted = value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
            text.Append(Encode(alignment < 0 ? formatted.PadRight(-alignment) : formatted.PadLeft(alignment)));
        }

        internal Html ToHtml() => new(text.ToString());
    }
}
