using System.Collections.Concurrent;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>No secret appears in what the pipeline writes anywhere a person or a website can read it.</summary>
public sealed class SecretExposureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Secrets_never_reach_logs_pages_the_public_json_or_sendgrid()
    {
        var logs = new LogCapture();
        await using var sendGrid = await SendGridStub.StartAsync();
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid, logging: logs);
        var seen = new List<string>();

        // The whole flow, plus the refusals that are most tempting to log verbosely.
        await host.SendTicketAsync(PipelineHost.Ticket("T-1", "ann@example.org", "Ann", "Disk full"));
        await host.Http.PostAsync("/api/tickets/resolved", new StringContent("{}"));
        var mail = (await sendGrid.WaitForAsync(1))[0];
        seen.Add(mail.Body);
        seen.Add(await (await host.Http.GetAsync(SurveyMail.LinkFor(mail, "excellent"))).Content.ReadAsStringAsync());
        seen.Add(await (await host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", "excellent")]))).Content.ReadAsStringAsync());
        seen.Add(await (await host.Http.GetAsync(SurveyMail.PostPathFor(mail) + "x")).Content.ReadAsStringAsync());
        seen.Add((await host.RefreshScoreAsync()).ToJsonString());
        seen.Add(await host.Http.GetStringAsync("/api/score"));
        seen.Add(logs.Text);

        string[] secrets =
        [
            PipelineHost.WebhookSecretText,
            PipelineHost.WebhookSecretText["whsec_".Length..],
            PipelineHost.LinkSigningKeyText,
            PipelineHost.AdminKey,
            PipelineHost.SendGridApiKey,
        ];
        Assert.NotEmpty(logs.Text);
        foreach (var text in seen)
        {
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text));
        }

        // A rating link is a credential for one survey: it is in the email, never in the logs.
        Assert.DoesNotContain(SurveyMail.TokenOf(mail), logs.Text);
        Assert.DoesNotContain("ann@example.org", logs.Text);
    }

    /// <summary>Keeps every log line the host writes, at every level.</summary>
    public sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> lines = new();

        public string Text => string.Join('\n', lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
