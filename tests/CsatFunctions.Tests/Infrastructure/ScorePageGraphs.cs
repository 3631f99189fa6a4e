using System.Xml.Linq;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>The public page's graphs (inline SVG: the wide screen's and the phone's), each parsed on its own.</summary>
public static class ScorePageGraphs
{
    public static List<XElement> Of(string html)
    {
        var graphs = new List<XElement>();
        for (var start = html.IndexOf("<svg", StringComparison.Ordinal); start >= 0; start = html.IndexOf("<svg", start + 1, StringComparison.Ordinal))
        {
            graphs.Add(XElement.Parse(html[start..(html.IndexOf("</svg>", start, StringComparison.Ordinal) + 6)]));
        }

        return graphs;
    }
}
