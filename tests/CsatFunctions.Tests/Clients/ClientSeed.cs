using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Clients;

/// <summary>
/// Two client companies' tickets, resolved now and answered through their links: Acme Ltd's three
/// (two by Pat Jones, one by Sam Smith; the unsatisfactory one commented and followed up) and one of
/// Globex's, whose customer's name, address and comment must never show in Acme's report.
/// </summary>
public static class ClientSeed
{
    public const string Acme = "Acme Ltd";
    public const string AcmeComment = "The <b>restore</b> took two days.";
    public const string GlobexCustomer = "Gloria Globexson";
    public const string GlobexComment = "Globex-only remark about the migration";

    public static async Task SeedAsync(PipelineHost host, SendGridStub sendGrid)
    {
        var now = host.Clock.GetUtcNow();
        (string Ticket, string Email, string Name, string Agent, string Company, string Rating, string? Comment)[] tickets =
        [
            ("A-1", "alice@example.org", "Alice Acme", "Pat Jones", Acme, "excellent", null),
            ("A-2", "bob@example.org", "Bob Acme", "Sam Smith", Acme, "excellent", null),
            ("A-3", "carol@example.org", "Carol Acme", "Pat Jones", Acme, "unsatisfactory", AcmeComment),
            ("G-1", "globex-buyer@example.org", GlobexCustomer, "Pat Jones", "Globex", "unsatisfactory", GlobexComment),
        ];
        foreach (var (ticket, email, name, agent, company, rating, comment) in tickets)
        {
            var json = PipelineHost.Ticket(ticket, email, name: name, agent: agent, channel: "email", resolvedAt: now, company: company);
            await host.AnswerAsync(await host.SurveyEmailForAsync(sendGrid, json), rating, comment);
        }

        await host.RefreshScoreAsync();
    }
}
