using CsatFunctions.Digests;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.SelfHost;
using static CsatFunctions.Tests.Digests.DigestTests;

namespace CsatFunctions.Tests.Digests;

/// <summary>The monthly client digests when SendGrid refuses one account manager's address for good.</summary>
public sealed class ClientDigestTests(AzuriteFixture azurite)
{
    private const string Refused = "am-initech@example-msp.test";

    [Fact]
    public async Task An_address_SendGrid_refuses_is_recorded_failed_and_the_month_and_the_next_go_out_to_the_others()
    {
        var clock = new MidMonthClock();
        var logs = new SecretExposureTests.LogCapture();
        await using var sendGrid = await SendGridStub.StartAsync();
        sendGrid.RespondTo = mail => SurveyMail.ToAddressOf(mail) == Refused
            ? (400, """{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":null}]}""")
            : (202, "");
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, DigestSettings(AzuriteFixture.UniquePrefix()), logging: logs, clock: clock);
        using var imported = await ImportAsync(host, $"company,accountManagerEmail\nAcme,am-acme@example-msp.test\nGlobex,am-globex@example-msp.test\nInitech,{Refused}\n", "text/csv");
        await Run(host);
        var start = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var next = new DateOnly(start.Year, start.Month, 1).AddMonths(1);

        MoveTo(clock, At(next, 8, 0));
        await Run(host);
        MoveTo(clock, At(next, 9, 0));
        await Run(host);
        Assert.Equal(["am-acme@example-msp.test", "am-globex@example-msp.test", Refused], Recipients(sendGrid));
        Assert.Contains($"Error CsatFunctions.Digests.ClientDigests: SendGrid refused the {start:yyyy-MM} digest of client {AccountManager.KeyOf("Initech")} with 400", logs.Text);
        Assert.DoesNotContain(Refused, logs.Text);

        MoveTo(clock, At(next.AddMonths(1), 8, 0));
        await Run(host);
        Assert.Equal(["am-acme@example-msp.test", "am-acme@example-msp.test", "am-globex@example-msp.test", "am-globex@example-msp.test", Refused, Refused], Recipients(sendGrid));
    }

    private static List<string> Recipients(SendGridStub sendGrid) =>
        [.. DigestTests.Digests(sendGrid, DigestEmail.ClientKind).Select(SurveyMail.ToAddressOf).Order(StringComparer.Ordinal)];
}
