using Azure.Storage.Queues;

namespace CsatFunctions.Storage;

/// <summary>Where the pipeline keeps its data. Every table, queue and container name starts with <see cref="Prefix"/>.</summary>
public sealed record StorageOptions
{
    public string ConnectionString { get; init; } = "UseDevelopmentStorage=true";

    /// <summary>Lets several pipelines (or parallel tests) share one storage account without sharing data.</summary>
    public string Prefix { get; init; } = "csat";

    /// <summary>Must match <c>extensions.queues.messageEncoding</c> in host.json, which the queue trigger reads.</summary>
    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;

    public string SurveyQueueName => $"{Prefix}-surveys";

    public string SurveyPoisonQueueName => $"{SurveyQueueName}-poison";
}
