using CsatFunctions.Admin;
using CsatFunctions.Campaigns;
using CsatFunctions.Clients;
using CsatFunctions.Consent;
using CsatFunctions.Desk;
using CsatFunctions.Digests;
using CsatFunctions.Helpdesks;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Ledger.Log;
using CsatFunctions.PersonalData;
using CsatFunctions.Ratings;
using CsatFunctions.Scores.Comments;
using CsatFunctions.Ratings.FollowUps;
using CsatFunctions.Scores;
using CsatFunctions.Scores.Policy;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Tags;
using CsatFunctions.Tickets;
using CsatFunctions.Web;
using CsatFunctions.Webhooks;

namespace CsatFunctions.SelfHost;

/// <summary>
/// The contract's routes (<see cref="CsatRoutes"/>), each handed straight to the Core handler the
/// Functions app also calls. The storage-outage answer is attached once to every route and the desk's
/// access check (admin key or signed-in session) once to the admin routes, as route-group filters.
/// </summary>
public static class Routes
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(AnswerStorageOutages);
        var admin = api.MapGroup("").AddEndpointFilter(AdminOnly);

        void Map(string name, Delegate handler)
        {
            var route = CsatRoutes.Named(name);
            (route.IsAdmin ? admin : api).MapMethods(route.Template, route.Methods, handler).WithName(route.Name).WithMetadata(route);
        }

        Map(CsatRoutes.TicketResolved, (HttpRequest request, GenericWebhook webhook, CancellationToken ct) => webhook.HandleAsync(request, ct));
        Map(CsatRoutes.HelpdeskTicketResolved, (string helpdesk, HttpRequest request, HelpdeskWebhook webhook, CancellationToken ct) => webhook.HandleAsync(helpdesk, request, ct));
        Map(CsatRoutes.ShowRating, (string token, HttpRequest request, RatingLinkPage page, CancellationToken ct) => page.ShowAsync(token, request, ct));
        Map(CsatRoutes.RecordRating, (string token, HttpRequest request, RatingRecorder recorder, CancellationToken ct) => recorder.RecordAsync(token, request, ct));
        Map(CsatRoutes.Unsubscribe, (string token, HttpRequest request, UnsubscribeEndpoint unsubscribe, CancellationToken ct) =>
            HttpMethods.IsPost(request.Method) ? unsubscribe.UnsubscribeAsync(token, ct) : unsubscribe.ShowAsync(token, ct));
        Map(CsatRoutes.Score, (ScoreEndpoint score, CancellationToken ct) => score.GetAsync(ct));
        Map(CsatRoutes.ScoreBadge, (HttpRequest request, ScoreBadgeEndpoint badge, CancellationToken ct) => badge.GetAsync(request, ct));
        Map(CsatRoutes.ScoreWidget, (ScoreWidgetEndpoint widget) => widget.Get());
        Map(CsatRoutes.ScorePage, (ScorePageEndpoint page, CancellationToken ct) => page.GetAsync(ct));
        Map(CsatRoutes.ReviewPolicy, (HttpRequest request, ReviewPolicyEndpoint policy, CancellationToken ct) => policy.GetAsync(request, ct));
        Map(CsatRoutes.ScoreComments, (ScoreCommentsEndpoint comments, CancellationToken ct) => comments.GetAsync(ct));
        Map(CsatRoutes.LogReceipts, (string id, LogReceiptsEndpoint receipts, CancellationToken ct) => receipts.GetAsync(id, ct));
        Map(CsatRoutes.SendGridEvents, (HttpRequest request, DeliveryEventsEndpoint events, CancellationToken ct) => events.HandleAsync(request, ct));

        Map(CsatRoutes.RefreshScore, (ScoreRefreshEndpoint refresh, CancellationToken ct) => refresh.RefreshAsync(ct));
        Map(CsatRoutes.Suppressions, (string email, HttpRequest request, SuppressionEndpoint suppressions, CancellationToken ct) => suppressions.HandleAsync(email, request, ct));
        Map(CsatRoutes.Campaign, (string name, HttpRequest request, CampaignsEndpoint campaigns, CancellationToken ct) => campaigns.HandleAsync(name, request, ct));
        Map(CsatRoutes.CampaignCustomers, (string name, HttpRequest request, CampaignsEndpoint campaigns, CancellationToken ct) => campaigns.ImportAsync(name, request, ct));
        Map(CsatRoutes.RunCampaign, (string name, CampaignsEndpoint campaigns, CancellationToken ct) => campaigns.RunAsync(name, ct));
        Map(CsatRoutes.CustomerData, (string email, HttpRequest request, CustomerDataEndpoint customerData, CancellationToken ct) => customerData.HandleAsync(email, request, ct));
        Map(CsatRoutes.FailedSurveys, (FailedSurveysEndpoint failed, CancellationToken ct) => failed.GetAsync(ct));
        Map(CsatRoutes.ReplayPoisoned, (string queue, PoisonReplayEndpoint replay, CancellationToken ct) => replay.ReplayAsync(queue, ct));
        Map(CsatRoutes.ReplayRefusedNotes, (RefusedNotesEndpoint replay, CancellationToken ct) => replay.ReplayAsync(ct));
        Map(CsatRoutes.NotSurveyedTickets, (HttpRequest request, NotSurveyedTicketsEndpoint notSurveyed, CancellationToken ct) => notSurveyed.GetAsync(request, ct));

        Map(CsatRoutes.AdminSession, (HttpContext context, SessionEndpoint session, CancellationToken ct) => session.HandleAsync(context, ct));
        Map(CsatRoutes.Desk, (HttpRequest request, DeskPage desk, CancellationToken ct) => desk.GetAsync(request, ct));
        Map(CsatRoutes.Reports, (HttpRequest request, ReportsEndpoint reports, CancellationToken ct) => reports.GetAsync(request, ct));
        Map(CsatRoutes.Ratings, (HttpRequest request, RatingsEndpoint ratings, CancellationToken ct) => ratings.GetAsync(request, ct));
        Map(CsatRoutes.RatingsCsv, (HttpRequest request, RatingsCsvEndpoint csv, CancellationToken ct) => csv.GetAsync(request, ct));
        Map(CsatRoutes.FollowUps, (HttpRequest request, FollowUpsEndpoint followUps, CancellationToken ct) => followUps.ListAsync(request, ct));
        Map(CsatRoutes.RemoveComment, (string surveyId, HttpRequest request, CommentModerationEndpoint moderation, CancellationToken ct) => moderation.RemoveAsync(surveyId, request, ct));
        Map(CsatRoutes.RestoreComment, (string surveyId, HttpRequest request, CommentModerationEndpoint moderation, CancellationToken ct) => moderation.RestoreAsync(surveyId, request, ct));
        Map(CsatRoutes.UpdateFollowUp, (string surveyId, HttpRequest request, FollowUpsEndpoint followUps, CancellationToken ct) => followUps.UpdateAsync(surveyId, request, ct));
        Map(CsatRoutes.Webhooks, (WebhooksEndpoint webhooks, CancellationToken ct) => webhooks.GetAsync(ct));
        Map(CsatRoutes.TagAnswer, (string surveyId, HttpRequest request, TagsEndpoint tags, CancellationToken ct) => tags.HandleAsync(surveyId, request, ct));
        Map(CsatRoutes.ClientReport, (string company, HttpRequest request, ClientReportEndpoint report, CancellationToken ct) => report.GetAsync(company, request, ct));
        Map(CsatRoutes.CreateShareLink, (string company, HttpRequest request, ShareLinksEndpoint links, CancellationToken ct) => links.CreateAsync(company, request, ct));
        Map(CsatRoutes.RevokeShareLink, (string id, HttpRequest request, ShareLinksEndpoint links, CancellationToken ct) => links.RevokeAsync(id, request, ct));
        Map(CsatRoutes.SharedReport, (string token, HttpRequest request, SharedReportEndpoint report, CancellationToken ct) => report.GetAsync(token, request, ct));
        Map(CsatRoutes.AccountManagers, (HttpRequest request, AccountManagersEndpoint managers, CancellationToken ct) => managers.HandleAsync(request, ct));
    }

    private static async ValueTask<object?> AnswerStorageOutages(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex)
        {
            var route = context.HttpContext.GetEndpoint()!.Metadata.GetRequiredMetadata<CsatRoute>();
            if (context.HttpContext.RequestServices.GetRequiredService<StorageOutageAnswer>().For(route, context.HttpContext, ex) is not { } answer)
            {
                throw;
            }

            return answer;
        }
    }

    private static async ValueTask<object?> AdminOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var route = context.HttpContext.GetEndpoint()!.Metadata.GetRequiredMetadata<CsatRoute>();
        var access = context.HttpContext.RequestServices.GetRequiredService<DeskAccess>();
        return await access.RefuseAsync(context.HttpContext, route) ?? await next(context);
    }
}
