using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Functions;

/// <summary>
/// The Functions app's own guard, <c>HttpGuardsMiddleware</c>, in front of the app's own HTTP functions
/// (see <see cref="FunctionsWorker"/>): the admin key and desk session on every admin route, and the
/// storage-outage answer around every route.
/// </summary>
public sealed class HttpGuardsMiddlewareTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_admin_function_refuses_a_caller_without_the_admin_key_and_runs_for_one_with_it()
    {
        await using var worker = await FunctionsWorker.StartAsync(PipelineHost.TestSettings(azurite.ConnectionString, sendGrid: null));

        using var anonymous = await worker.Http.PostAsync("/api/admin/score/refresh", null);
        using var wrongKey = await worker.Http.SendAsync(Admin(HttpMethod.Post, "/api/admin/score/refresh", "not-the-admin-key-0123456789"));
        using var admin = await worker.Http.SendAsync(Admin(HttpMethod.Post, "/api/admin/score/refresh", PipelineHost.AdminKey));

        foreach (var refused in new[] { anonymous, wrongKey })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        }

        // The refresh ran and answered the public document it wrote.
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var score = JsonNode.Parse(await admin.Content.ReadAsStringAsync())!;
        Assert.Equal(0, (int)score["windows"]!["allTime"]!["surveyed"]!);
    }

    [Fact]
    public async Task A_person_at_the_desk_without_a_session_is_shown_the_sign_in_form_which_itself_is_open()
    {
        await using var worker = await FunctionsWorker.StartAsync(PipelineHost.TestSettings(azurite.ConnectionString, sendGrid: null));

        using var desk = await worker.Http.GetAsync("/api/admin/desk");
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/api/admin/session\">", await desk.Content.ReadAsStringAsync());

        // The sign-in lives under /api/admin but is not guarded: the key is checked by the form's own route.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = worker.Http.BaseAddress };
        using var signIn = await browser.PostAsync("/api/admin/session", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = PipelineHost.AdminKey }));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);

        using var signedIn = await browser.GetAsync("/api/admin/desk");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var deskPage = await signedIn.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<form method=\"post\" action=\"/api/admin/session\">", deskPage);
        Assert.Contains("Download CSV", deskPage);
    }

    [Fact]
    public async Task While_storage_is_down_each_function_answers_503_in_the_form_its_audience_reads()
    {
        var data = Directory.CreateTempSubdirectory("csat-azurite-");
        var storage = await AzuriteProcess.StartAsync(data.FullName);
        try
        {
            await using var sendGrid = await SendGridStub.StartAsync();
            await using var worker = await FunctionsWorker.StartAsync(PipelineHost.TestSettings(storage.ConnectionString, sendGrid));
            using var before = await worker.Http.SendAsync(Signed(worker, PipelineHost.Ticket("T-FN-BEFORE")));
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
            Assert.Equal(1, await worker.DeliverQueuedAsync<SurveyMessage>());
            var token = SurveyMail.TokenOf(Assert.Single(sendGrid.Received));

            await storage.StopAsync();

            // A helpdesk (problem+json), an operator's script behind the admin key, and a customer's rating link (a page).
            using var ticket = await worker.Http.SendAsync(Signed(worker, PipelineHost.Ticket("T-FN-DURING")));
            using var failed = await worker.Http.SendAsync(Admin(HttpMethod.Get, "/api/admin/surveys/failed", PipelineHost.AdminKey));
            using var rating = await worker.Http.GetAsync("/api/ratings/" + token);

            foreach (var program in new[] { ticket, failed })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, program.StatusCode);
                Assert.Equal("application/problem+json", program.Content.Headers.ContentType!.MediaType);
                Assert.Equal(TimeSpan.FromSeconds(10), program.Headers.RetryAfter!.Delta);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, rating.StatusCode);
            Assert.Equal("text/html", rating.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(10), rating.Headers.RetryAfter!.Delta);
        }
        finally
        {
            await storage.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_reopen_whose_survey_keeps_changing_under_it_answers_503_with_retry_after_not_500()
    {
        await using var relay = ConflictingWritesRelay.InFrontOfTables(azurite.ConnectionString);
        await using var sendGrid = await SendGridStub.StartAsync();
        var settings = PipelineHost.TestSettings(relay.ConnectionString, sendGrid);
        settings["Csat:SendDelay"] = "PT1H";
        await using var worker = await FunctionsWorker.StartAsync(settings);
        using (var resolved = await worker.Http.SendAsync(Signed(worker, PipelineHost.Ticket("T-FN-CHANGING"))))
        {
            Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        }

        // Every conditional write to the survey's row loses, as to writers at the same moment.
        relay.Refuse($"PATCH /devstoreaccount1/{settings["Csat:StoragePrefix"]}Surveys(");
        using var conflicted = await worker.Http.SendAsync(Signed(worker, PipelineHost.Reopened("T-FN-CHANGING")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, conflicted.StatusCode);
        Assert.Equal("application/problem+json", conflicted.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(10), conflicted.Headers.RetryAfter!.Delta);
        Assert.StartsWith("What this request changes kept changing under it", JsonNode.Parse(await conflicted.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static HttpRequestMessage Signed(FunctionsWorker worker, string ticket) => PipelineHost.SignedTicket(ticket, worker.Clock.GetUtcNow());
}
