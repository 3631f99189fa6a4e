using System.Text;
using CsatFunctions.Languages;
using CsatFunctions.Web;

namespace CsatFunctions.Digests;

/// <summary>
/// Writes a digest's HTML and plain-text parts side by side, section by section, so both say the same.
/// The HTML is one column, at most 600 px wide, with inline styles and tables that fit a 390 px phone.
/// </summary>
public sealed class DigestPage
{
    private const string Cell = "padding:4px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top";
    private readonly StringBuilder text = new();
    private readonly List<Html> html = [];
    private readonly Language language;
    private readonly string title;

    public DigestPage(Language language, string title, string intro)
    {
        (this.language, this.title) = (language, title);
        text.Append(intro).Append('\n');
        html.Add(Web.Html.Of($"""<h1 style="font-size:20px;margin:0 0 8px">{title}</h1><p style="margin:0 0 12px">{intro}</p>"""));
    }

    public string Text => text.ToString();

    public string Markup => Web.Html.Of($"""<!DOCTYPE html><html lang="{language.Code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head><body style="margin:0;padding:12px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.4;color:#1a1a1a;background:#fff"><div style="max-width:600px;margin:0 auto;overflow-wrap:anywhere">{Web.Html.Join(html)}</div></body></html>""").ToString();

    public void Heading(string heading)
    {
        text.Append('\n').Append(heading).Append('\n');
        html.Add(Web.Html.Of($"""<h2 style="font-size:16px;margin:20px 0 6px">{heading}</h2>"""));
    }

    /// <summary>A table under a header row (left out when every cell of it is empty); the text names each value by its column.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        foreach (var row in rows)
        {
            text.AppendJoin(" | ", row.Select((value, i) => header[i].Length == 0 || i == 0 ? value : $"{header[i]}: {value}")).Append('\n');
        }

        var head = Web.Html.Join(header.Select(cell => Web.Html.Of($"""<th style="{Cell}">{cell}</th>""")));
        var body = Web.Html.Join(rows.Select(row => Web.Html.Of($"""<tr>{Web.Html.Join(row.Select(cell => Web.Html.Of($"""<td style="{Cell}">{cell}</td>""")))}</tr>""")));
        var headRow = header.All(cell => cell.Length == 0) ? Web.Html.Empty : Web.Html.Of($"<tr>{head}</tr>");
        html.Add(Web.Html.Of($"""<table role="presentation" style="width:100%;border-collapse:collapse;font-size:14px">{headRow}{body}</table>"""));
    }

    /// <summary>Items of a main line and a small line under it; "and n more" when <paramref name="total"/> is more than shown.</summary>
    public void Lines(IReadOnlyList<(string Main, string Detail)> items, int total, string none)
    {
        if (items.Count == 0)
        {
            text.Append(none).Append('\n');
            html.Add(Web.Html.Of($"""<p style="margin:0;color:#555">{none}</p>"""));
            return;
        }

        foreach (var (main, detail) in items)
        {
            text.Append("- ").Append(main).Append("\n  ").Append(detail).Append('\n');
            html.Add(Web.Html.Of($"""<p style="margin:0 0 10px;padding-left:8px;border-left:3px solid #888">{main}<br><span style="font-size:13px;color:#555">{detail}</span></p>"""));
        }

        if (total > items.Count)
        {
            var more = language.Text("digest.more", ("count", (long)(total - items.Count)));
            text.Append(more).Append('\n');
            html.Add(Web.Html.Of($"""<p style="margin:0;color:#555">{more}</p>"""));
        }
    }

    public void Link(Uri url, string note)
    {
        text.Append(url).Append('\n').Append(note).Append('\n');
        html.Add(Web.Html.Of($"""<p style="margin:0 0 6px"><a href="{url.ToString()}" style="color:#0b57d0;font-weight:bold">{url.ToString()}</a></p><p style="margin:0;font-size:13px;color:#555">{note}</p>"""));
    }
}
