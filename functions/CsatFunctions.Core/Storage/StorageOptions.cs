using Azure.Core;
using Azure.Storage.Queues;

namespace CsatFunctions.Storage;

/// <summary>The storage account's three service endpoints, for identity-based access.</summary>
public sealed record StorageServiceUris(Uri Blob, Uri Queue, Uri Table);

/// <summary>
/// Where the pipeline keeps its data: a connection string, or service endpoints reached with an
/// Entra ID credential (the identity-based <c>AzureWebJobsStorage__*</c> settings). Every table,
/// queue and container name starts with <see cref="Prefix"/>.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>Null when the account is reached through <see cref="ServiceUris"/> and <see cref="Credential"/>.</summary>
    public string? ConnectionString { get; init; } = "UseDevelopmentStorage=true";

    public StorageServiceUris? ServiceUris { get; init; }

    public TokenCredential? Credential { get; init; }

    public const string DefaultPrefix = "csat";

    /// <summary>Lets several pipelines (or parallel tests) share one storage account without sharing data.</summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>Must match <c>extensions.queues.messageEncoding</c> in host.json, which the queue trigger reads.</summary>
    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;
}
