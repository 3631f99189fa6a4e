using Azure;
using Azure.Storage.Queues;
using CsatFunctions.SelfHost.Queues;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.SelfHost;

/// <summary>The self-host keeps a message it is handling: its lease is renewed at half-time, and the latest receipt is the one used.</summary>
public sealed class HeldMessageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_held_message_is_renewed_at_half_lease_and_only_its_latest_receipt_deletes_it()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniquePrefix() + "-held");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("{}");
        var lease = TimeSpan.FromMinutes(1);
        var received = (await queue.ReceiveMessageAsync(lease)).Value;
        // Only the renewal's wait runs on this clock; where it starts does not matter.
        var time = new FakeTimeProvider();
        var held = new HeldMessage(queue, received, lease, time, NullLogger.Instance);

        time.Advance(lease / 2);
        await Eventually.TrueAsync(() => Task.FromResult(held.PopReceipt != received.PopReceipt), "the lease to be renewed");
        await held.DisposeAsync();
        await held.DisposeAsync();

        // The queue took the renewal: the first receipt no longer deletes it; the latest does.
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
        await queue.DeleteMessageAsync(received.MessageId, held.PopReceipt);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
