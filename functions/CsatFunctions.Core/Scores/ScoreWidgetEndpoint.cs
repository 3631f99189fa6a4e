using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary><c>GET /api/score/widget.js</c>: the embeddable widget (Scores/widget.js), cached for an hour.</summary>
public sealed class ScoreWidgetEndpoint
{
    public static readonly string Script = ReadScript();

    private static readonly PublicResource File = PublicResource.ForWebsites(Script, "text/javascript; charset=utf-8", TimeSpan.FromHours(1));

    public IResult Get() => File;

    private static string ReadScript()
    {
        using var stream = typeof(ScoreWidgetEndpoint).Assembly.GetManifestResourceStream("CsatFunctions.Scores.widget.js")
            ?? throw new InvalidOperationException("The widget script is not embedded in CsatFunctions.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
