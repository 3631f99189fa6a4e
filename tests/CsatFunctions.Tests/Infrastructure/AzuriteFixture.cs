[assembly: AssemblyFixture(typeof(CsatFunctions.Tests.Infrastructure.AzuriteFixture))]

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>One Azurite for the whole test run; tests keep apart by each using its own storage prefix.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async ValueTask InitializeAsync() => azurite = await AzuriteProcess.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>A storage prefix no other test uses, so tests can run in parallel on one account.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
