using System.Text;
using CsatFunctions.Surveys.Delivery;

namespace CsatFunctions.Tests.Surveys;

/// <summary>Counting a batch's events as it is read from its file, a chunk at a time, however the chunks fall.</summary>
public sealed class DeliveryEventCountTests
{
    [Theory]
    [InlineData("[]", 0)]
    [InlineData(" [ {\"event\": \"delivered\"}, 1, \"x\", [2, 3], null ] \n", 5)]
    [InlineData("[{\"reason\": \"Grüße, ça va — 👍\"}]", 1)]
    public async Task A_json_array_is_counted_whatever_the_chunks(string json, int expected)
    {
        Assert.Equal(expected, await DeliveryEventReader.CountEventsAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None));
        Assert.Equal(expected, await DeliveryEventReader.CountEventsAsync(new OneByteAtATime(Encoding.UTF8.GetBytes(json)), CancellationToken.None));
    }

    [Fact]
    public async Task A_value_longer_than_a_chunk_is_read_whole()
    {
        var json = $"[{{\"reason\": \"{new string('é', 100_000)}\"}}, {{}}]";

        Assert.Equal(2, await DeliveryEventReader.CountEventsAsync(new OneByteAtATime(Encoding.UTF8.GetBytes(json)), CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"event\":\"delivered\"}")]
    [InlineData("[{}")]
    [InlineData("[] []")]
    [InlineData("7")]
    public async Task Anything_but_one_array_is_not_counted(string json) =>
        Assert.Null(await DeliveryEventReader.CountEventsAsync(new OneByteAtATime(Encoding.UTF8.GetBytes(json)), CancellationToken.None));

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_not_json_even_when_a_chunk_ends_inside_a_character()
    {
        byte[] invalid = [.. "[\""u8, 0xC3, 0x28, .. "\"]"u8];
        byte[] cutShort = [.. "[\"é\"]"u8, 0xC3];

        Assert.Null(await DeliveryEventReader.CountEventsAsync(new OneByteAtATime(invalid), CancellationToken.None));
        Assert.Null(await DeliveryEventReader.CountEventsAsync(new OneByteAtATime(cutShort), CancellationToken.None));
    }

    /// <summary>The slowest a network can deliver a body: every read answers a single byte.</summary>
    private sealed class OneByteAtATime(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
