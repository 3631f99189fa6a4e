using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Helpdesks.Autotask;
using CsatFunctions.Tests.Helpdesks.ConnectWise;
using CsatFunctions.Tests.Helpdesks.Freshdesk;
using CsatFunctions.Tests.Helpdesks.Freshservice;
using CsatFunctions.Tests.Helpdesks.HaloPsa;
using CsatFunctions.Tests.Helpdesks.HelpScout;
using CsatFunctions.Tests.Helpdesks.Jira;
using CsatFunctions.Tests.Helpdesks.Zammad;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Helpdesks;

/// <summary>
/// Write-back end to end for every helpdesk but Zendesk (whose own tests do this): the self-host with
/// <c>WriteBack</c> = <c>note</c> against a stub of the helpdesk's API, a ticket surveyed from the
/// helpdesk, the customer answering through the rating link, and the notes counted on the stub: one
/// internal note per answer (with the reasons ticked) and per change of mind, nothing more for a redelivered message.
/// </summary>
public sealed class WriteBackEndToEndTests(AzuriteFixture azurite)
{
    private const string Comment = "Nobody called back";

    public static TheoryData<string> Helpdesks => ["freshdesk", "freshservice", "helpscout", "jira", "connectwise", "autotask", "halopsa", "zammad"];

    [Theory]
    [MemberData(nameof(Helpdesks))]
    public async Task Each_answer_and_change_of_mind_becomes_one_internal_note_and_a_redelivery_writes_nothing_more(string helpdesk)
    {
        var desk = Desk.For(helpdesk);
        await using var api = await VendorApiStub.StartAsync(desk.Map, desk.ErrorBody);
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, settings =>
        {
            desk.Configure(settings, api.BaseUrl);
            settings[$"Csat:Helpdesks:{helpdesk}:WriteBack"] = "note";
            settings[$"Csat:Helpdesks:{helpdesk}:NotesPerSecond"] = "50";
        });

        await desk.DeliverAsync(host);
        var mail = (await sendGrid.WaitForAsync(1))[0];
        var surveyId = SurveyMail.SurveyIdOf(mail);
        var surveys = host.Services.GetRequiredService<SurveyTable>();
        var ticket = (await surveys.GetAsync(surveyId, CancellationToken.None))!.Survey;
        Assert.Equal(helpdesk, ticket.Source);
        desk.AddTicket(ticket.TicketId);

        await RateAsync(host, mail, "unsatisfactory", Comment, "not-resolved", "communication");
        var first = Assert.Single(await NotesAsync(desk, ticket.TicketId, 1));
        var answered = (await surveys.GetAsync(surveyId, CancellationToken.None))!.Survey;

        Assert.True(desk.IsInternal(first), $"not internal: {first.ToJsonString()}");
        Assert.Contains("Unsatisfactory", Text(first), StringComparison.Ordinal);
        Assert.Contains(Comment, Text(first), StringComparison.Ordinal);
        Assert.Contains("Reasons: My problem is not solved; Communication was unclear", Text(first), StringComparison.Ordinal);
        Assert.Contains(HelpdeskNoteText.MarkerPrefix + answered.AnswerVersion, Text(first), StringComparison.Ordinal);

        await RateAsync(host, mail, "excellent", null);
        var second = (await NotesAsync(desk, ticket.TicketId, 2))[1];
        var changed = (await surveys.GetAsync(surveyId, CancellationToken.None))!.Survey;

        Assert.True(desk.IsInternal(second), $"not internal: {second.ToJsonString()}");
        Assert.Contains("changed their answer", Text(second), StringComparison.Ordinal);
        Assert.Contains("Excellent", Text(second), StringComparison.Ordinal);
        Assert.DoesNotContain("Reasons:", Text(second), StringComparison.Ordinal);
        Assert.Contains(HelpdeskNoteText.MarkerPrefix + changed.AnswerVersion, Text(second), StringComparison.Ordinal);

        var queue = host.Services.GetRequiredService<JsonQueue<HelpdeskNoteMessage>>();
        foreach (var version in new[] { answered.RatedAt!.Value, changed.RatedAt!.Value, changed.RatedAt!.Value })
        {
            await queue.EnqueueAsync(new HelpdeskNoteMessage(surveyId, version), null, CancellationToken.None);
        }

        await Eventually.TrueAsync(async () => (await queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the note queue to settle");
        Assert.Equal(2, desk.Notes(ticket.TicketId).Count);
    }

    /// <summary>The note as the helpdesk stores it, its JSON strings unescaped, so text and HTML bodies read alike.</summary>
    private static string Text(JsonObject note) => string.Join('\n', note.Select(field => field.Value is JsonValue value && value.TryGetValue<string>(out var text) ? text : ""));

    private static async Task RateAsync(PipelineHost host, ReceivedMail mail, string rating, string? comment, params string[] reasons)
    {
        var fields = new List<KeyValuePair<string, string>> { new("rating", rating) };
        if (comment is not null)
        {
            fields.Add(new("comment", comment));
        }

        fields.AddRange(reasons.Select(reason => new KeyValuePair<string, string>("reason", reason)));

        using var response = await host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<IReadOnlyList<JsonObject>> NotesAsync(Desk desk, string ticketId, int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(desk.Notes(ticketId).Count >= count), $"{count} note(s) on the ticket");
        return desk.Notes(ticketId);
    }

    /// <summary>
    /// One helpdesk as this test meets it: its API stub's routes, its settings, how a resolved ticket
    /// reaches the pipeline (its own webhook where that carries the ticket; ConnectWise and Autotask
    /// deliveries only name one, to be read from the API, so their ticket goes straight to the intake
    /// their look-up ends in), and the notes write-back left on a ticket, oldest first.
    /// </summary>
    private sealed record Desk(
        Action<WebApplication> Map,
        Func<int, string> ErrorBody,
        Action<Dictionary<string, string?>, Uri> Configure,
        Func<PipelineHost, Task> DeliverAsync,
        Action<string> AddTicket,
        Func<string, IReadOnlyList<JsonObject>> Notes,
        Func<JsonObject, bool> IsInternal)
    {
        public static Desk For(string helpdesk) => helpdesk switch
        {
            "freshdesk" => Freshdesk(),
            "freshservice" => Freshservice(),
            "helpscout" => HelpScout(),
            "jira" => Jira(),
            "connectwise" => ConnectWise(),
            "autotask" => Autotask(),
            "halopsa" => HaloPsa(),
            "zammad" => Zammad(),
            _ => throw new ArgumentOutOfRangeException(nameof(helpdesk), helpdesk, "no such helpdesk"),
        };

        private static Desk Freshdesk()
        {
            var tickets = new FreshdeskTickets();
            return new(
                app => FreshworksNotesApi.Map(app, tickets),
                tickets.ErrorBody,
                (settings, api) => Set(settings, "freshdesk", ("Secret", HelpdeskTest.FreshdeskSecret), ("ApiUrl", api.AbsoluteUri), ("ApiKey", FreshdeskTickets.ApiKey)),
                host => Webhook(host, "freshdesk", Fixture("Freshdesk", "freshdesk-resolved.json"), body => [("X-Csat-Secret", HelpdeskTest.FreshdeskSecret)]),
                id => tickets.Add(id),
                id => Locked(tickets.All[id].Conversations),
                note => note["private"]!.GetValue<bool>());
        }

        private static Desk Freshservice()
        {
            var tickets = new FreshserviceTickets();
            return new(
                app => FreshworksNotesApi.Map(app, tickets),
                tickets.ErrorBody,
                (settings, api) => Set(settings, "freshservice", ("Secret", HelpdeskTest.FreshserviceSecret), ("ApiUrl", api.AbsoluteUri), ("ApiKey", FreshserviceTickets.ApiKey)),
                host => Webhook(host, "freshservice", Fixture("Freshservice", "freshservice-resolved.json"), body => [("X-Csat-Secret", HelpdeskTest.FreshserviceSecret)]),
                id => tickets.Add(id),
                id => Locked(tickets.All[id].Conversations),
                note => note["private"]!.GetValue<bool>());
        }

        private static Desk HelpScout()
        {
            var mailbox = new HelpScoutMailbox();
            return new(
                app => HelpScoutNotesApi.Map(app, mailbox),
                HelpScoutNotesApi.ErrorBody,
                (settings, api) => Set(settings, "helpscout", ("Secret", HelpdeskTest.HelpScoutSecret), ("ApiUrl", api.AbsoluteUri), ("ClientId", HelpScoutMailbox.AppId), ("ClientSecret", HelpScoutMailbox.AppSecret)),
                host => Webhook(host, "helpscout", Fixture("HelpScout", "helpscout-closed-v2.json"), body =>
                    [("X-HelpScout-Signature", Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(HelpdeskTest.HelpScoutSecret), Encoding.UTF8.GetBytes(body)))), ("X-HelpScout-Event", "convo.status")]),
                id => mailbox.Add(id, replies: 0),

                // Help Scout lists threads newest first; a thread other than the customer's is one write-back added.
                id => [.. Locked(mailbox.All[id].Threads).Reverse()],
                note => note["type"]!.GetValue<string>() == "note");
        }

        private static Desk Jira()
        {
            var requests = new JiraRequests();
            return new(
                app => JiraNotesApi.Map(app, requests),
                JiraNotesApi.ErrorBody,
                (settings, api) => Set(settings, "jira", ("Secret", HelpdeskTest.JiraSecret), ("ApiUrl", api.AbsoluteUri), ("ApiUser", JiraRequests.User), ("ApiToken", JiraRequests.Token)),
                host => Webhook(host, "jira", Fixture("Jira", "jira-resolved.json"), body =>
                    [("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HelpdeskTest.JiraSecret), Encoding.UTF8.GetBytes(body)))), ("X-Atlassian-Webhook-Identifier", Guid.NewGuid().ToString())]),
                id => requests.Add(id, comments: 0),
                id =>
                {
                    var request = requests.All[id];
                    lock (request)
                    {
                        return [.. request.Comments];
                    }
                },
                note => !note["public"]!.GetValue<bool>());
        }

        private static Desk ConnectWise()
        {
            var tickets = new StubTickets();
            return new(
                app => ConnectWiseNotesApi.Map(app, tickets),
                ConnectWiseNotesApi.ErrorBody,
                (settings, api) => Set(
                    settings,
                    "connectwise",
                    ("ApiUrl", new Uri(api, ConnectWiseTest.ApiPath).AbsoluteUri),
                    ("CompanyId", ConnectWiseTest.CompanyId),
                    ("PublicKey", ConnectWiseTest.PublicKey),
                    ("PrivateKey", ConnectWiseTest.PrivateKey),
                    ("ClientId", ConnectWiseTest.ClientId)),
                host => Intake(host, "connectwise", "1042"),
                id => tickets.Add(id),
                id => tickets.Find(id)!.Notes,
                note => note["internalAnalysisFlag"]!.GetValue<bool>() && !note["detailDescriptionFlag"]!.GetValue<bool>() && !note["resolutionFlag"]!.GetValue<bool>());
        }

        private static Desk Autotask()
        {
            var tickets = new StubTickets();
            return new(
                app => AutotaskNotesApi.Map(app, tickets),
                AutotaskNotesApi.ErrorBody,
                (settings, api) => Set(
                    settings,
                    "autotask",
                    ("Secret", AutotaskWebhookTests.AutotaskSecret),
                    ("ApiUrl", new Uri(api, AutotaskNotesApi.ApiPath).AbsoluteUri),
                    ("ApiIntegrationCode", AutotaskNotesApi.IntegrationCode),
                    ("ApiUser", AutotaskNotesApi.User),
                    ("ApiSecret", AutotaskNotesApi.Secret)),
                host => Intake(host, "autotask", "29683"),
                id => tickets.Add(id),
                id => tickets.Find(id)!.Notes,

                // publish 2 is Autotask's "Internal Only" (https://ww1.autotask.net/help/developerhelp/Content/APIs/REST/Entities/TicketNotesEntity.htm).
                note => note["publish"]!.GetValue<long>() == 2);
        }

        private static Desk HaloPsa()
        {
            var tickets = new StubTickets();
            var tokens = new HaloPsaTokens();
            return new(
                app => HaloPsaNotesApi.Map(app, tickets, tokens),
                HaloPsaNotesApi.ErrorBody,
                (settings, api) => Set(
                    settings,
                    "halopsa",
                    ("User", HelpdeskTest.HaloPsaUser),
                    ("Password", HelpdeskTest.HaloPsaPassword),
                    ("ApiUrl", new Uri(api, "/api").AbsoluteUri),
                    ("ClientId", HaloPsaNotesApi.ClientId),
                    ("ClientSecret", HaloPsaNotesApi.ClientSecret)),
                host => Webhook(host, "halopsa", Fixture("HaloPsa", "halopsa-closed.json"), body =>
                    [("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HelpdeskTest.HaloPsaUser}:{HelpdeskTest.HaloPsaPassword}")))]),
                id => tickets.Add(id),
                id => tickets.Find(id)!.Notes,
                note => note["hiddenfromuser"]!.GetValue<bool>() && !note["sendemail"]!.GetValue<bool>());
        }

        private static Desk Zammad()
        {
            var tickets = new StubTickets();
            return new(
                app => ZammadNotesApi.Map(app, tickets),
                ZammadNotesApi.ErrorBody,
                (settings, api) => Set(settings, "zammad", ("Secret", HelpdeskTest.ZammadSecret), ("ApiUrl", api.AbsoluteUri), ("ApiToken", ZammadNotesApi.ApiToken)),
                host => Webhook(host, "zammad", Fixture("Zammad", "zammad-closed.json"), body =>
                    [.. ZammadWebhookTests.Signed(body, HelpdeskTest.ZammadSecret), ("X-Zammad-Delivery", Guid.NewGuid().ToString()), ("X-Zammad-Trigger", "CSAT survey on close")]),
                id => tickets.Add(id),
                id => tickets.Find(id)!.Notes,
                note => note["internal"]!.GetValue<bool>());
        }

        private static void Set(Dictionary<string, string?> settings, string helpdesk, params (string Key, string Value)[] values)
        {
            foreach (var (key, value) in values)
            {
                settings[$"Csat:Helpdesks:{helpdesk}:{key}"] = value;
            }
        }

        private static string Fixture(string helpdesk, string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Helpdesks", helpdesk, "Fixtures", name));

        private static async Task Webhook(PipelineHost host, string helpdesk, string body, Func<string, (string Name, string Value)[]> headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/resolved/{helpdesk}") { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in headers(body))
            {
                request.Headers.Add(name, value);
            }

            using var response = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        private static async Task Intake(PipelineHost host, string helpdesk, string ticketId)
        {
            var now = host.Clock.GetUtcNow();
            var ticket = new TicketResolved(ticketId, "ann@example.org", "Ann Example", "Printer offline", "Sam Tech", null, now);
            Assert.True((await host.Services.GetRequiredService<SurveyIntake>().AcceptAsync(ticket, helpdesk, now, CancellationToken.None)).IsNew);
        }

        private static IReadOnlyList<JsonObject> Locked(List<JsonObject> notes)
        {
            lock (notes)
            {
                return [.. notes];
            }
        }
    }
}
