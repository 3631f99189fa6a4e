using System.Text;
using CsatFunctions.Ledger.Log;

namespace CsatFunctions.Tests.Ledger;

/// <summary>A leaf reads back as it was written, and anything else in a bundle is named as no leaf, never half read.</summary>
public sealed class LogLeafTests
{
    [Fact]
    public void A_counted_and_an_answered_leaf_read_back_as_written()
    {
        foreach (var leaf in new[]
        {
            new LogLeaf("2026-12-01", "0123456789abcdef0123456789abcdef", "counted", null, null, null),
            new LogLeaf("2026-12-01", "0123456789abcdef0123456789abcdef", "answered", "excellent", "three-level", null),
            new LogLeaf("2026-12-02", "fedcba9876543210fedcba9876543210", "answered", "unsatisfactory", "nps", 0),
        })
        {
            Assert.Equal(leaf, LogLeaf.Parse(leaf.Bytes()));
        }

        Assert.Equal("{\"day\":\"2026-12-01\",\"id\":\"a\",\"kind\":\"answered\",\"bucket\":\"excellent\",\"scale\":\"five-point\",\"value\":5}", Encoding.UTF8.GetString(new LogLeaf("2026-12-01", "a", "answered", "excellent", "five-point", 5).Bytes()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"day\":\"2026-12-01\",\"id\":\"a\"}")]
    [InlineData("{\"day\":\"2026-12-01\",\"id\":\"a\",\"kind\":\"counted\",\"agent\":\"kim\"}")]
    [InlineData("{\"day\":\"2026-12-01\",\"day\":\"2026-12-02\",\"id\":\"a\",\"kind\":\"counted\"}")]
    [InlineData("{\"day\":\"2026-12-01\",\"id\":\"a\",\"kind\":\"answered\",\"value\":\"5\"}")]
    [InlineData("{\"day\":\"2026-12-01\",\"id\":\"a\",\"kind\":\"answered\",\"value\":4.5}")]
    [InlineData("{\"day\":2026,\"id\":\"a\",\"kind\":\"counted\"}")]
    [InlineData("{\"day\":\"2026-12-01\",\"id\":\"a\",\"kind\":\"counted\"} {}")]
    [InlineData("{\"day\":\"2026-12-01\",\"id\":\"a\",\"kind\":\"counted\"")]
    public void Anything_else_is_no_leaf(string text) => Assert.Null(LogLeaf.Parse(Encoding.UTF8.GetBytes(text)));
}
