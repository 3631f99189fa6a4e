using CsatFunctions.Scores;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreWidgetFunction(ScoreWidgetEndpoint widget)
{
    [Function("ScoreWidget")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "score/widget.js")] HttpRequest request) =>
        widget.Get(request);
}
