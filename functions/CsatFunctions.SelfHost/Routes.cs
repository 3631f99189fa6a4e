using CsatFunctions.Ratings;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Tickets;

namespace CsatFunctions.SelfHost;

/// <summary>The contract's routes, each handed straight to the Core handler the Functions app also calls.</summary>
public static class Routes
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/tickets/resolved", (HttpRequest request, TicketIntake intake, CancellationToken ct) => intake.HandleAsync(request, ct));
        api.MapPost("/tickets/resolved/{helpdesk}", (string helpdesk, HttpRequest request, TicketIntake intake, CancellationToken ct) => intake.HandleHelpdeskAsync(helpdesk, request, ct));
        api.MapGet("/admin/tickets/not-surveyed", (HttpRequest request, NotSurveyedTicketsEndpoint notSurveyed, CancellationToken ct) => notSurveyed.GetAsync(request, ct));
        api.MapGet("/ratings/{token}", (string token, HttpRequest request, RatingLinkPage page, CancellationToken ct) => page.ShowAsync(token, request, ct));
        api.MapPost("/ratings/{token}", (string token, HttpRequest request, RatingRecorder recorder, CancellationToken ct) => recorder.RecordAsync(token, request, ct));
        api.MapMethods("/score", ["GET", "HEAD"], (HttpRequest request, ScoreEndpoint score, CancellationToken ct) => score.GetAsync(request, ct));
        api.MapGet("/score/badge.svg", (HttpRequest request, ScoreBadgeEndpoint badge, CancellationToken ct) => badge.GetAsync(request, ct));
        api.MapGet("/score/widget.js", (HttpRequest request, ScoreWidgetEndpoint widget) => widget.Get(request));
        api.MapGet("/score/page", (ScorePageEndpoint page, CancellationToken ct) => page.GetAsync(ct));
        api.MapGet("/unsubscribe/{token}", (string token, UnsubscribeEndpoint unsubscribe, CancellationToken ct) => unsubscribe.ShowAsync(token, ct));
        api.MapPost("/unsubscribe/{token}", (string token, UnsubscribeEndpoint unsubscribe, CancellationToken ct) => unsubscribe.UnsubscribeAsync(token, ct));
        api.MapPut("/admin/suppressions/{email}", (string email, HttpRequest request, SuppressionEndpoint suppressions, CancellationToken ct) => suppressions.SuppressAsync(email, request, ct));
        api.MapDelete("/admin/suppressions/{email}", (string email, HttpRequest request, SuppressionEndpoint suppressions, CancellationToken ct) => suppressions.LiftAsync(email, request, ct));
        api.MapPost("/admin/score/refresh", (HttpRequest request, ScoreRefreshEndpoint refresh, CancellationToken ct) => refresh.RefreshAsync(request, ct));
        api.MapGet("/admin/surveys/failed", (HttpRequest request, FailedSurveysEndpoint failed, CancellationToken ct) => failed.GetAsync(request, ct));
        api.MapPost("/admin/surveys/poison/replay", (HttpRequest request, PoisonReplayEndpoint replay, CancellationToken ct) => replay.ReplaySurveysAsync(request, ct));
        api.MapPost("/admin/alerts/poison/replay", (HttpRequest request, PoisonReplayEndpoint replay, CancellationToken ct) => replay.ReplayAlertsAsync(request, ct));
    }
}
