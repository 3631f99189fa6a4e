using System.Globalization;
using CsatFunctions.Web;

namespace CsatFunctions.Tests.Web;

/// <summary>What <see cref="Html"/> encodes and what it keeps: a hole is text unless it is already markup.</summary>
public sealed class HtmlTests
{
    [Fact]
    public void A_text_hole_is_encoded_for_text_and_for_a_quoted_attribute()
    {
        var text = "<script>alert(\"x\")</script> Tom's & Jerry's";

        var html = Html.Of($"<p title=\"{text}\">{text}</p>");

        const string Encoded = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom&#39;s &amp; Jerry&#39;s";
        Assert.Equal($"<p title=\"{Encoded}\">{Encoded}</p>", html.ToString());
    }

    [Fact]
    public void Markup_in_a_hole_or_joined_is_kept_as_it_is_and_not_encoded_twice()
    {
        var cell = Html.Of($"<td>{"a & b"}</td>");

        var row = Html.Of($"<tr>{cell}</tr>");
        var rows = Html.Join([row, row]);
        var built = new HtmlBuilder().Append($"<table>{rows}").Append(cell).Append($"</table>").ToHtml();

        Assert.Equal("<tr><td>a &amp; b</td></tr>", row.ToString());
        Assert.Equal("<table><tr><td>a &amp; b</td></tr><tr><td>a &amp; b</td></tr><td>a &amp; b</td></table>", built.ToString());
    }

    [Fact]
    public void Raw_markup_is_kept_and_nothing_is_empty()
    {
        Assert.Equal("<p><br></p>", Html.Of($"<p>{Html.Raw("<br>")}{Html.Empty}{(string?)null}</p>").ToString());
        Assert.Equal("", default(Html).ToString());
    }

    [Fact]
    public void Numbers_and_dates_follow_their_format_in_the_invariant_culture_whatever_the_threads()
    {
        // The tests run with invariant globalization, so a German-like culture is made by hand.
        var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        german.NumberFormat.NumberDecimalSeparator = ",";
        german.NumberFormat.NumberGroupSeparator = ".";
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = german;
        try
        {
            var html = Html.Of($"{87.46m:0.0}% of {12345:N0} by {new DateOnly(2026, 3, 9):yyyy-MM-dd}, [{7,3}] [{7,-3}]");

            Assert.Equal("87.5% of 12,345 by 2026-03-09, [  7] [7  ]", html.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
