using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using CsatFunctions.Storage;

namespace CsatFunctions.Surveys.Delivery;

/// <summary>
/// SendGrid's batches as received, one blob each, kept until applied. A batch is named by the hash
/// of its bytes, so the same batch posted twice is one blob; a queue message per post asks for it to
/// be applied, and applying it twice changes nothing.
/// </summary>
[PersonalData(PersonalDataErasure.WithTheCustomer, "SendGrid's event batches, with addresses, until applied.")]
public sealed class DeliveryEventBatches(CsatStorage storage) : IProvisioned
{
    private readonly BlobContainerClient container = storage.Container("delivery-events");

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken) =>
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <returns>The batch's name.</returns>
    public async Task<string> StoreAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body, writable: false);
        return await StoreAsync(stream, SHA256.HashData(body), cancellationToken);
    }

    /// <param name="sha256">The hash of the body's bytes, taken as it was received.</param>
    /// <returns>The batch's name.</returns>
    public async Task<string> StoreAsync(Stream body, byte[] sha256, CancellationToken cancellationToken)
    {
        var name = $"{Convert.ToHexStringLower(sha256)}.json";
        await container.GetBlobClient(name).UploadAsync(body, overwrite: true, cancellationToken);
        return name;
    }

    /// <returns>The batch's bytes, or null when it was already applied and removed.</returns>
    public async Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes an erased customer's address out of the batches still kept: those waiting to be applied
    /// and those whose message went to the poison queue, which stay until replayed. Their events stay,
    /// without the address, so a replay still counts what they say.
    /// </summary>
    public async Task EraseAddressAsync(string email, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (await ReadAsync(blob.Name, cancellationToken) is not { } body || JsonNode.Parse(body.ToMemory().Span) is not JsonArray events)
            {
                continue;
            }

            var changed = false;
            foreach (var delivery in events.OfType<JsonObject>())
            {
                if (delivery["email"] is JsonValue address && address.TryGetValue<string>(out var text) && text.Equals(email, StringComparison.OrdinalIgnoreCase))
                {
                    delivery.Remove("email");
                    if (delivery["reason"] is JsonValue reason && reason.TryGetValue<string>(out var why))
                    {
                        delivery["reason"] = AddressFreeText.Of(why);
                    }

                    changed = true;
                }
            }

            if (changed)
            {
                await container.GetBlobClient(blob.Name).UploadAsync(BinaryData.FromString(events.ToJsonString()), overwrite: true, cancellationToken);
            }
        }
    }

    public async Task RemoveAsync(string name, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
}
