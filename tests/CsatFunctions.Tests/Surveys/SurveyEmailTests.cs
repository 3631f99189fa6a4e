using System.Globalization;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Surveys;

/// <summary>What SendGrid receives, byte for byte as JSON, through the real SendGrid client.</summary>
public sealed class SurveyEmailTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["SendGrid:FromEmail"] = "csat@example-hosting.test";
        settings["SendGrid:FromName"] = "Example Hosting Support";
    }

    [Fact]
    public async Task A_phone_ticket_with_nothing_but_an_email_gets_the_exact_v3_request()
    {
        var before = Host.Clock.GetUtcNow();
        await Host.SendTicketAsync(PipelineHost.Ticket("T-PHONE-1", "caller@example.org"));
        var mail = Assert.Single(await SendGrid.WaitForAsync(1));

        var surveyId = await Host.Services.SurveyIdOfAsync("T-PHONE-1");
        var round = await RoundOfAsync(surveyId);
        var token = SurveyMail.TokenOf(mail);
        var check = new RatingLink(new LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText))).Check(token, Host.Clock.GetUtcNow());
        Assert.Equal(new LinkCheck(LinkStatus.Valid, surveyId), check);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(token.Split('.')[2]));
        Assert.InRange(expires, before.AddDays(60).AddSeconds(-1), Host.Clock.GetUtcNow().AddDays(60));

        var link = $"{PipelineHost.PublicBaseUrl}/api/ratings/{token}?rating=";
        var unsubscribe = $"{PipelineHost.PublicBaseUrl}/api/unsubscribe/{token}";
        // The ticket carries no resolvedAt, so it was resolved when it arrived: the day of `before`, unless the host's midnight fell in between.
        var arrived = mail.Body.Contains($"On {before.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)},", StringComparison.Ordinal) ? before : Host.Clock.GetUtcNow();
        var resolved = $"On {arrived.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}, Example Hosting resolved your support request (ticket T-PHONE-1).";
        var button = "style=\"display:inline-block;margin:4px 8px 4px 0;padding:8px 16px;border:1px solid #888;border-radius:4px;text-decoration:none\"";
        var expected = new JsonObject
        {
            ["from"] = new JsonObject { ["name"] = "Example Hosting Support", ["email"] = "csat@example-hosting.test" },
            ["personalizations"] = new JsonArray(new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["email"] = "caller@example.org" }),
                ["subject"] = "How did Example Hosting do? Rate the help you got",
                ["headers"] = new JsonObject { ["List-Unsubscribe"] = $"<{unsubscribe}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" },
                ["custom_args"] = new JsonObject { ["survey_id"] = surveyId, ["survey_round"] = round },
            }),
            ["content"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "text/plain",
                    ["value"] =
                        "Hello,\n\n" +
                        resolved + "\n" +
                        "How would you rate the help you got? One click is enough:\n\n" +
                        $"Excellent: {link}excellent\nSatisfactory: {link}satisfactory\nUnsatisfactory: {link}unsatisfactory\n\n" +
                        $"Every rating counts in our published score. See the score: {PipelineHost.PublicBaseUrl}/api/score/page\n\n" +
                        "Thank you,\nExample Hosting\n" +
                        $"\nNo more survey emails from Example Hosting? {unsubscribe}\n",
                },
                new JsonObject
                {
                    ["type"] = "text/html",
                    ["value"] =
                        "<!DOCTYPE html><html lang=\"en\"><body style=\"font-family:sans-serif;line-height:1.5\"><p>Hello,</p>" +
                        $"<p>{resolved}</p>" +
                        "<p>How would you rate the help you got? One click is enough:</p><p>" +
                        $"<a href=\"{link}excellent\" {button}>Excellent</a>" +
                        $"<a href=\"{link}satisfactory\" {button}>Satisfactory</a>" +
                        $"<a href=\"{link}unsatisfactory\" {button}>Unsatisfactory</a></p>" +
                        $"<p>Every rating counts in our published score. <a href=\"{PipelineHost.PublicBaseUrl}/api/score/page\">See the score</a></p>" +
                        "<p>Thank you,<br>Example Hosting</p>" +
                        $"<p style=\"font-size:12px;color:#666\"><a href=\"{unsubscribe}\">No more survey emails</a></p></body></html>",
                }),
            ["tracking_settings"] = new JsonObject { ["click_tracking"] = new JsonObject { ["enable"] = false, ["enable_text"] = false } },
        };

        Assert.True(JsonNode.DeepEquals(expected, mail.Json), mail.Body);
        Assert.Equal("Bearer " + PipelineHost.SendGridApiKey, mail.Authorization);
    }

    [Fact]
    public async Task Names_and_subjects_are_escaped_in_html_and_kept_on_one_line_in_headers()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-XSS", "eve@example.org", "Eve <script>alert(1)</script>", "Help & <b>now</b>", "Mal\"lory", "email"));
        var mail = Assert.Single(await SendGrid.WaitForAsync(1));

        var html = SurveyMail.Text(mail, "text/html");
        Assert.Contains("Hello Eve &lt;script&gt;alert(1)&lt;/script&gt;,", html);
        Assert.Contains("“Help &amp; &lt;b&gt;now&lt;/b&gt;”", html);
        Assert.Contains("Mal&quot;lory at Example Hosting", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>now", html);
        Assert.Equal("How did we do? Help & <b>now</b>", mail.Json["personalizations"]![0]!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_email_carries_the_survey_id_and_its_round_but_never_an_address_or_a_secret_in_custom_args()
    {
        var resolvedAt = DateTimeOffset.FromUnixTimeSeconds(Host.Clock.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds());
        await Host.SendTicketAsync(PipelineHost.Ticket("T-ARGS", "private.person@example.org", "Private Person", resolvedAt: resolvedAt));
        var mail = Assert.Single(await SendGrid.WaitForAsync(1));

        // The round is the resolution the email asks about, in ticks, as SendGrid requires every custom argument: a string.
        var customArgs = mail.Json["personalizations"]![0]!["custom_args"]!.ToJsonString();
        var round = resolvedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        Assert.Equal($$"""{"survey_id":"{{await Host.Services.SurveyIdOfAsync("T-ARGS")}}","survey_round":"{{round}}"}""", customArgs);
        Assert.DoesNotContain(PipelineHost.LinkSigningKeyText, mail.Body);
        Assert.DoesNotContain(PipelineHost.WebhookSecretText["whsec_".Length..], mail.Body);
        Assert.DoesNotContain(PipelineHost.AdminKey, mail.Body);
    }

    /// <summary>The round the survey's email carries: its stored resolution's UTC ticks.</summary>
    private async Task<string> RoundOfAsync(string surveyId) =>
        (await Host.Services.GetRequiredService<SurveyTable>().GetAsync(surveyId, TestContext.Current.CancellationToken))!.Survey.ResolvedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
