namespace CsatFunctions.Web;

/// <summary>Who reads a route's answers; it decides how a failure is told to them.</summary>
public enum Audience
{
    /// <summary>Helpdesks, scripts and BI tools: problem+json.</summary>
    Programs,

    /// <summary>Other sites' pages and widgets: problem+json they may read across origins.</summary>
    Websites,

    /// <summary>Customers and the team in a browser: a page, unless the request asks for JSON.</summary>
    People,
}

/// <summary>One route of the contract, as both hosts serve it (under <c>/api</c>).</summary>
/// <param name="Name">The Functions app's function name, and the self-host's endpoint name.</param>
/// <param name="Template">The route under <c>/api</c>. Admin routes start with <see cref="CsatRoutes.Admin"/>, which the Functions host accepts where it refuses a literal <c>admin</c>.</param>
public sealed record CsatRoute(string Name, string[] Methods, string Template, Audience Audience)
{
    /// <summary>Open to anyone though it lives under <c>/api/admin</c>: the sign-in itself.</summary>
    public bool SignsIn { get; init; }

    /// <summary>Answers with one person's data, so a viewer may not read it either: only the admin key or an admin's session.</summary>
    public bool AdminOnly { get; init; }

    /// <summary>Needs the admin key or a signed-in session.</summary>
    public bool IsAdmin => Template.StartsWith(CsatRoutes.Admin, StringComparison.Ordinal) && !SignsIn;
}

/// <summary>
/// Every HTTP route of the contract, named once: the self-host maps this list, and the Functions
/// app's triggers name these constants (attribute arguments must be constants). Checks that several
/// routes need (admin authorization, the storage-outage answer) are attached by each host once, from
/// what this list says about a route.
/// </summary>
public static class CsatRoutes
{
    /// <summary>The Functions host reserves route templates that begin with "admin"; a one-value regex segment is the same path.</summary>
    public const string Admin = "{area:regex(^admin$)}/";

    public const string TicketResolved = "TicketResolved";
    public const string TicketResolvedTemplate = "tickets/resolved";
    public const string HelpdeskTicketResolved = "HelpdeskTicketResolved";
    public const string HelpdeskTicketResolvedTemplate = "tickets/resolved/{helpdesk}";
    public const string ShowRating = "ShowRating";
    public const string RecordRating = "RecordRating";
    public const string RatingTemplate = "ratings/{token}";
    public const string Unsubscribe = "Unsubscribe";
    public const string UnsubscribeTemplate = "unsubscribe/{token}";
    public const string Score = "Score";
    public const string ScoreTemplate = "score";
    public const string ScoreBadge = "ScoreBadge";
    public const string ScoreBadgeTemplate = "score/badge.svg";
    public const string ScoreWidget = "ScoreWidget";
    public const string ScoreWidgetTemplate = "score/widget.js";
    public const string ScoreComments = "ScoreComments";
    public const string ScoreCommentsTemplate = "score/comments";
    public const string ScorePage = "ScorePage";
    public const string ScorePageTemplate = "score/page";
    public const string ReviewPolicy = "ReviewPolicy";
    public const string ReviewPolicyTemplate = "score/policy";
    public const string LogReceipts = "LogReceipts";
    public const string LogReceiptsTemplate = "log/receipts/{id}";
    public const string SendGridEvents = "SendGridEvents";
    public const string SendGridEventsTemplate = "sendgrid/events";
    public const string RefreshScore = "RefreshScore";
    public const string RefreshScoreTemplate = Admin + "score/refresh";
    public const string Suppressions = "Suppressions";
    public const string SuppressionsTemplate = Admin + "suppressions/{email}";

    public const string Campaign = "Campaign";
    public const string CampaignTemplate = Admin + "campaigns/{name}";

    public const string CampaignCustomers = "CampaignCustomers";
    public const string CampaignCustomersTemplate = Admin + "campaigns/{name}/customers";

    public const string RunCampaign = "RunCampaign";
    public const string RunCampaignTemplate = Admin + "campaigns/{name}/run";

    public const string CustomerData = "CustomerData";
    public const string CustomerDataTemplate = Admin + "customers/{email}";
    public const string FailedSurveys = "FailedSurveys";
    public const string FailedSurveysTemplate = Admin + "surveys/failed";
    public const string ReplayPoisoned = "ReplayPoisoned";

    /// <summary>One route for every queue step's poison queue; the earlier per-queue paths are this one with the queue named.</summary>
    public const string ReplayPoisonedTemplate = Admin + "{queue}/poison/replay";
    public const string ReplayRefusedNotes = "ReplayRefusedNotes";
    public const string ReplayRefusedNotesTemplate = Admin + "helpdesk-notes/refused/replay";
    public const string AdminSession = "AdminSession";
    public const string AdminSessionTemplate = Admin + "session";
    public const string AdminSessionPath = "/api/admin/session";
    public const string Desk = "Desk";

    /// <summary>Where people land at the desk: sign-in, forms and alerts send them here.</summary>
    public const string DeskPath = "/api/admin/desk";
    public const string DeskTemplate = Admin + "desk";
    public const string Reports = "Reports";
    public const string ReportsTemplate = Admin + "reports";
    public const string Ratings = "Ratings";
    public const string RatingsTemplate = Admin + "ratings";
    public const string RatingsCsv = "RatingsCsv";
    public const string RatingsCsvTemplate = Admin + "ratings.csv";
    public const string FollowUps = "FollowUps";
    public const string FollowUpsTemplate = Admin + "followups";
    public const string UpdateFollowUp = "UpdateFollowUp";
    public const string UpdateFollowUpTemplate = Admin + "followups/{surveyId}";
    public const string RemoveComment = "RemoveComment";
    public const string RemoveCommentTemplate = Admin + "comments/{surveyId}/remove";
    public const string RestoreComment = "RestoreComment";
    public const string RestoreCommentTemplate = Admin + "comments/{surveyId}/restore";
    public const string NotSurveyedTickets = "NotSurveyedTickets";
    public const string NotSurveyedTicketsTemplate = Admin + "tickets/not-surveyed";
    public const string TagAnswer = "TagAnswer";
    public const string TagAnswerTemplate = Admin + "ratings/{surveyId}/tags";
    public const string ClientReport = "ClientReport";
    public const string ClientReportTemplate = Admin + "companies/{company}/report";
    public const string CreateShareLink = "CreateShareLink";
    public const string CreateShareLinkTemplate = Admin + "companies/{company}/share-links";
    public const string RevokeShareLink = "RevokeShareLink";
    public const string RevokeShareLinkTemplate = Admin + "share-links/{id}/revoke";
    public const string SharedReport = "SharedReport";
    public const string SharedReportTemplate = "reports/{token}";
    public const string AccountManagers = "AccountManagers";
    public const string AccountManagersTemplate = Admin + "account-managers";
    public const string Webhooks = "Webhooks";
    public const string WebhooksTemplate = Admin + "webhooks/deliveries";

    public static IReadOnlyList<CsatRoute> All { get; } =
    [
        new(TicketResolved, ["POST"], TicketResolvedTemplate, Audience.Programs),
        new(HelpdeskTicketResolved, ["POST"], HelpdeskTicketResolvedTemplate, Audience.Programs),
        new(ShowRating, ["GET"], RatingTemplate, Audience.People),
        new(RecordRating, ["POST"], RatingTemplate, Audience.People),
        new(Unsubscribe, ["GET", "POST"], UnsubscribeTemplate, Audience.People),
        new(Score, ["GET", "HEAD"], ScoreTemplate, Audience.Websites),
        new(ScoreBadge, ["GET"], ScoreBadgeTemplate, Audience.Websites),
        new(ScoreWidget, ["GET"], ScoreWidgetTemplate, Audience.Websites),
        new(ScorePage, ["GET"], ScorePageTemplate, Audience.People),
        new(ReviewPolicy, ["GET"], ReviewPolicyTemplate, Audience.People),
        new(ScoreComments, ["GET", "HEAD"], ScoreCommentsTemplate, Audience.Websites),
        new(LogReceipts, ["GET"], LogReceiptsTemplate, Audience.Websites),
        new(SendGridEvents, ["POST"], SendGridEventsTemplate, Audience.Programs),
        new(RefreshScore, ["POST"], RefreshScoreTemplate, Audience.Programs),
        new(Suppressions, ["GET", "PUT", "DELETE"], SuppressionsTemplate, Audience.Programs),
        new(CustomerData, ["GET", "DELETE"], CustomerDataTemplate, Audience.Programs) { AdminOnly = true },
        new(Campaign, ["GET", "PUT"], CampaignTemplate, Audience.Programs),
        new(CampaignCustomers, ["PUT"], CampaignCustomersTemplate, Audience.Programs),
        new(RunCampaign, ["POST"], RunCampaignTemplate, Audience.Programs),
        new(FailedSurveys, ["GET"], FailedSurveysTemplate, Audience.Programs),
        new(ReplayPoisoned, ["POST"], ReplayPoisonedTemplate, Audience.Programs),
        new(ReplayRefusedNotes, ["POST"], ReplayRefusedNotesTemplate, Audience.Programs),
        new(NotSurveyedTickets, ["GET"], NotSurveyedTicketsTemplate, Audience.Programs),
        new(AdminSession, ["POST"], AdminSessionTemplate, Audience.People) { SignsIn = true },
        new(Desk, ["GET"], DeskTemplate, Audience.People),
        new(Reports, ["GET"], ReportsTemplate, Audience.Programs),
        new(Ratings, ["GET"], RatingsTemplate, Audience.Programs),
        new(RatingsCsv, ["GET"], RatingsCsvTemplate, Audience.Programs),
        new(FollowUps, ["GET"], FollowUpsTemplate, Audience.Programs),
        new(UpdateFollowUp, ["POST"], UpdateFollowUpTemplate, Audience.People),
        new(RemoveComment, ["POST"], RemoveCommentTemplate, Audience.People),
        new(RestoreComment, ["POST"], RestoreCommentTemplate, Audience.People),
        new(Webhooks, ["GET"], WebhooksTemplate, Audience.Programs),
        new(TagAnswer, ["POST", "PUT"], TagAnswerTemplate, Audience.People),
        new(ClientReport, ["GET"], ClientReportTemplate, Audience.People),
        new(CreateShareLink, ["POST"], CreateShareLinkTemplate, Audience.People),
        new(RevokeShareLink, ["POST"], RevokeShareLinkTemplate, Audience.People),
        new(SharedReport, ["GET"], SharedReportTemplate, Audience.People),
        new(AccountManagers, ["GET", "PUT"], AccountManagersTemplate, Audience.Programs),
    ];

    /// <summary>Whether a request's path is the sign-in, the one route under <c>/api/admin</c> open to anyone.</summary>
    public static bool IsSignIn(Microsoft.AspNetCore.Http.PathString path) => path.Equals(AdminSessionPath, StringComparison.OrdinalIgnoreCase);

    public static CsatRoute Named(string name) =>
        All.FirstOrDefault(route => route.Name == name) ?? throw new ArgumentException($"No route is named {name}.", nameof(name));
}
