using System.Runtime.CompilerServices;
using System.Text;

namespace CsatFunctions.Web;

/// <summary>
/// A page or section written a piece at a time, for loops and branches; each piece is written as
/// <see cref="Html.Of"/> writes one, so its holes are encoded unless they are <see cref="Html"/>.
/// </summary>
public sealed class HtmlBuilder
{
    internal StringBuilder Text { get; } = new();

    public HtmlBuilder Append([InterpolatedStringHandlerArgument("")] ref Html.Handler html) => this;

    public HtmlBuilder Append(Html html) => Append($"{html}");

    // Safe as it is: every piece came in through the handler, encoded where it was not markup.
    public Html ToHtml() => Html.Raw(Text.ToString());
}
