using CsatFunctions.Scores;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CsatFunctions.Functions;

public sealed class ScoreWidgetFunction(ScoreWidgetEndpoint widget)
{
    [Function(CsatRoutes.ScoreWidget)]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CsatRoutes.ScoreWidgetTemplate)] HttpRequest request) =>
        widget.Get();
}
