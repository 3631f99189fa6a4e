using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Notes;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Helpdesks.Zendesk;

/// <summary>
/// kill -9 of the self-host after Zendesk took a note and before the host recorded it: the process that
/// takes over once the claim lapses reads the ticket's comments back (past a page of others), finds
/// the note's marker, and writes nothing again.
/// </summary>
[Drill]
public sealed class ZendeskNoteCrashTests(AzuriteFixture azurite)
{
    private const string Ticket = "35436";

    [Fact]
    public async Task A_note_taken_just_before_a_kill_is_found_on_the_ticket_and_not_written_again()
    {
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var zendesk = await ZendeskApiStub.StartAsync();
        var comments = zendesk.Comments.GetOrAdd(Ticket, _ => new());
        for (var i = 0; i < 120; i++)
        {
            comments.Enqueue(new JsonObject { ["id"] = i, ["type"] = "Comment", ["body"] = $"Earlier reply {i}", ["html_body"] = $"<p>Earlier reply {i}</p>", ["public"] = true });
        }

        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        zendesk.AfterComment = async () =>
        {
            taken.TrySetResult();
            await Task.Delay(Timeout.Infinite);
        };
        var settings = PipelineHost.TestSettings(azurite.ConnectionString, sendGrid);
        settings["Csat:Helpdesks:zendesk:Secret"] = HelpdeskTest.ZendeskSecret;
        zendesk.WriteBackTo(settings);
        settings["Csat:NoteWindow"] = "00:00:05";
        settings["SelfHost:QueueMessageLease"] = "00:00:05";
        var port = SelfHostProcess.FreePort();

        await using (var first = await SelfHostProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Helpdesks", "Zendesk", "Fixtures", "zendesk-solved.json"));
            using var ticket = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved/zendesk") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in ZendeskWebhookTests.Signed(body, HelpdeskTest.ZendeskSecret, TimeProvider.System.GetUtcNow(), "drill-1"))
            {
                ticket.Headers.Add(name, value);
            }

            Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(ticket)).StatusCode);
            var mail = (await sendGrid.WaitForAsync(1))[0];
            using var rated = await http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "unsatisfactory"), new("comment", "Still down")]));
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);

            await taken.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await first.KillAsync();
        }

        zendesk.AfterComment = null;
        await using var second = await SelfHostProcess.StartAsync(settings, port);

        await Eventually.TrueAsync(() => Task.FromResult(zendesk.Api.Count("GET /api/v2/tickets/35436/comments.json") >= 2), "the ticket's comments to be read back, both pages", TimeSpan.FromSeconds(60));
        using var admin = new HttpClient { BaseAddress = second.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PipelineHost.AdminKey);
        await Eventually.TrueAsync(
            async () => JsonNode.Parse(await admin.GetStringAsync("/api/admin/surveys/failed"))!["poisoned"]!["helpdesk-notes"]!.GetValue<int>() == 0
                && (await new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, $"{settings["Csat:StoragePrefix"]}-{QueueStepList.HelpdeskNotes}").GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the note's message to settle",
            TimeSpan.FromSeconds(60));

        var notes = zendesk.NotesOn(Ticket).Where(comment => comment["public"]!.GetValue<bool>() == false).ToList();
        Assert.Single(notes);
        Assert.Contains(HelpdeskNoteText.MarkerPrefix, notes[0]["body"]!.GetValue<string>());
        Assert.Equal(1, zendesk.Api.Count("PUT /api/v2/tickets/35436.json"));
    }
}
