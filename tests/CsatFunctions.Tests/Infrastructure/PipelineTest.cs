namespace CsatFunctions.Tests.Infrastructure;

/// <summary>A test class with its own self-host and SendGrid stub, started before and stopped after each test.</summary>
public abstract class PipelineTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite => azurite;

    protected SendGridStub SendGrid { get; private set; } = null!;

    protected PipelineHost Host { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        SendGrid = await SendGridStub.StartAsync();
        Host = await PipelineHost.StartAsync(azurite.ConnectionString, SendGrid, Configure, clock: Clock, longestQueueDelay: LongestQueueDelay, services: ConfigureServices);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await SendGrid.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The host's clock; null for the system's. Tests that count by month use a <see cref="MidMonthClock"/>.</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>
    /// The longest a queue message hides (see <see cref="PipelineHost.StartAsync"/>); null for the queue's own 7 days.
    /// A test that moves <see cref="Clock"/> past a delay shortens it, so a waiting message wakes to its clock.
    /// </summary>
    protected virtual TimeSpan? LongestQueueDelay => null;

    /// <summary>Changes to the host's test settings (see <see cref="PipelineHost.StartAsync"/>).</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Adds to the host's services (see <see cref="PipelineHost.StartAsync"/>).</summary>
    protected virtual void ConfigureServices(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
    {
    }
}
