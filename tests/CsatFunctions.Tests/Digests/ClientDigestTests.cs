using CsatFunctions.Clients;
using CsatFunctions.Digests;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.SelfHost;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_host_paused_past_its_link_reservation_cannot_overwrite_the_kept_link_and_a_desk_link_is_never_taken_over()
    {
        var clock = new MidMonthClock();
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, DigestSettings(AzuriteFixture.UniquePrefix()), clock: clock);
        var (log, links, monthly) = (host.Services.GetRequiredService<DigestLog>(), host.Services.GetRequiredService<ShareLinks>(), host.Services.GetRequiredService<MonthlyShareLinks>());
        var (month, last, key) = (new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), AccountManager.KeyOf("Acme"));

        // A host reserves the month's link and pauses; meanwhile the team makes a link on the desk for the same dates.
        var paused = await log.TryReserveLinkAsync(key, month, clock.GetUtcNow(), CancellationToken.None);
        var (desk, _) = await links.CreateAsync("Acme", month, last, null, CancellationToken.None);
        MoveTo(clock, clock.GetUtcNow() + host.Services.GetRequiredService<CsatOptions>().SendWindow + TimeSpan.FromMinutes(1));
        var token = await monthly.TokenForAsync("Acme", month, last, CancellationToken.None);
        var issued = (await links.CheckAsync(token, CancellationToken.None)).Link!;
        Assert.NotEqual(desk.Id, issued.Id);
        Assert.Equal(MonthlyShareLinks.Origin, issued.Origin);

        // The paused host wakes with its own link: keeping it under its old reservation is refused, the kept token stands.
        var (_, late) = await links.CreateAsync("Acme", month, last, null, MonthlyShareLinks.Origin, CancellationToken.None);
        Assert.False(await log.TryKeepLinkAsync(key, month, clock.GetUtcNow(), late, paused!.Value, CancellationToken.None));
        Assert.Equal(token, (await log.LinkAsync(key, month, CancellationToken.None))!.Token);
        Assert.Equal(token, await monthly.TokenForAsync("Acme", month, last, CancellationToken.None));
    }

    private static List<string> Recipients(SendGridStub sendGrid) =>
        [.. DigestTests.Digests(sendGrid, DigestEmail.ClientKind).Select(SurveyMail.ToAddressOf).Order(StringComparer.Ordinal)];
}
