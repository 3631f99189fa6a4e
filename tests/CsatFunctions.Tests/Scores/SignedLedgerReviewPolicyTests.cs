using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Scores;

/// <summary>
/// The review policy under the settings <see cref="ReviewPolicyTests"/>' host does not have, in one
/// host: a signed ledger published where the API does not know the address, a reminder, asking again
/// after a reopen, a send delay, a minimum sample of one and no retention period. Each sentence the
/// policy adds for a setting appears here and is absent there.
/// </summary>
public sealed class SignedLedgerReviewPolicyTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private readonly string container = "site-" + Guid.NewGuid().ToString("N")[..12];

    protected override void Configure(Dictionary<string, string?> settings)
    {
        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        settings["Csat:PublishContainer"] = container;
        settings["Csat:LedgerSigningKey"] = Convert.ToBase64String(signingKey.ExportPkcs8PrivateKey());
        settings["Csat:ReminderAfterDays"] = "3";
        settings["Csat:ReopenAfterEmail"] = "ask-again";
        settings["Csat:SendDelay"] = "PT2H";
        settings["Csat:MinimumRatedToShow"] = "1";
    }

    [Fact]
    public async Task The_policy_states_the_signed_ledger_the_reminder_asking_again_and_the_delay_as_configured()
    {
        await Host.RefreshScoreAsync();

        var page = await Host.Http.GetStringAsync("/api/score/policy");
        var policy = JsonNode.Parse(await ReviewPolicyTests.PolicyJsonAsync(Host.Http))!;
        var copy = (await Host.Services.GetRequiredService<CsatStorage>().ContainerNamed(container).GetBlobClient("policy.html").DownloadContentAsync()).Value.Content.ToString();

        Assert.Equal(
            """{"surveyCooldownDays":0,"sendDelay":"PT2H","internalAddressesNotAsked":false,"reviewInvitation":false,"incentives":false,"reminderAfterDays":3,"reopenAfterEmail":"ask-again"}""",
            policy["collection"]!.ToJsonString());
        Assert.Equal("""{"published":true,"checkpointSigned":true,"verifyUrl":null}""", policy["ledger"]!.ToJsonString());

        // One link, one reminder with it, and the same survey asked again after a reopen: the count stays one.
        Assert.Contains(
            "<p>The customer is emailed one signed link for that ticket. The link works for that ticket only, and a customer who answers again changes their answer: it is still counted once. " +
            "A customer who has not answered 3 days after the email gets at most one reminder, with the same link. " +
            "If a ticket is reopened after its email left and later resolved again, the customer is asked again about the same survey: their latest answer stands, and the ticket is still counted once.</p>",
            page);
        Assert.Contains("<li>the customer&#39;s data had been erased at their request before the email left</li>", page);
        Assert.Contains("<li>the ticket was reopened before its email left: we wait 2 hours after a ticket is resolved before asking, and ask once it is resolved again</li></ul>", page);
        Assert.Contains("<strong>The badge, the widget and the page show a period&#39;s percentage as soon as it has one answer; a period without answers shows none.</strong>", page);
        Assert.DoesNotContain("fewer than", page);

        // The signed checkpoint; the API does not know where the files are, so it says where the verify page is, and the copy beside it links it.
        Assert.Contains("a Merkle tree that can only grow, in the open formats certificate transparency uses. Its checkpoint is signed with the log&#39;s key", page);
        Assert.DoesNotContain("not signed", page);
        Assert.Contains("<p>The verify page is published beside the score files, as verify.html.</p>", page);
        Assert.DoesNotContain("<a href=\"verify.html\"", page);
        Assert.Contains("<a href=\"verify.html\">Verify the figure</a>", copy);
        Assert.DoesNotContain("The verify page is published beside the score files", copy);
    }
}
