namespace CsatFunctions.Storage;

/// <summary>Something kept in storage that must exist before the host takes work: a table, a queue, a container.</summary>
public interface IProvisioned
{
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);
}
