using System.Text;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Scores;

/// <summary><c>GET /api/score/widget.js</c>: the embeddable widget (Scores/widget.js), cached for an hour.</summary>
public sealed class ScoreWidgetEndpoint
{
    public static readonly string Script = ReadScript();

    private static readonly PublicResource File = PublicResource.ForWebsites(Script, "text/javascript; charset=utf-8", TimeSpan.FromHours(1));

    public IResult Get() => File;

    /// <summary>
    /// The copy published as a static file: the script with the score and comments inside it, so a page
    /// on another origin needs no cross-origin request (which the storage static website cannot answer).
    /// It changes with the score, so it is cached as briefly as the score.
    /// </summary>
    public static PublicResource Carrying(ScoreViews views) => PublicResource.ForWebsites(
        Script.Replace("/*published*/null", $$"""{"score":{{views.Score.Json}},"comments":{{Encoding.UTF8.GetString(views.Comments.Body)}}}""", StringComparison.Ordinal),
        "text/javascript; charset=utf-8",
        ScoreViews.MaxAge);

    private static string ReadScript()
    {
        using var stream = typeof(ScoreWidgetEndpoint).Assembly.GetManifestResourceStream("CsatFunctions.Scores.widget.js")
            ?? throw new InvalidOperationException("The widget script is not embedded in CsatFunctions.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
