using CsatFunctions.Surveys;

namespace CsatFunctions.Tests.Ratings;

public sealed class RatingLinkTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] OldKey = Key(1);
    private static readonly byte[] NewKey = Key(2);
    private static readonly string Survey = SurveyId.New();

    [Fact]
    public void A_fresh_token_names_its_survey()
    {
        var links = new RatingLink(new LinkSigningKeys(NewKey));

        Assert.Equal(new LinkCheck(LinkStatus.Valid, Survey), links.Check(links.CreateToken(Survey, Now.AddDays(60)), Now));
    }

    [Fact]
    public void A_token_past_its_expiry_is_expired_not_tampered()
    {
        var links = new RatingLink(new LinkSigningKeys(NewKey));
        var token = links.CreateToken(Survey, Now.AddDays(60));

        Assert.Equal(LinkStatus.Valid, links.Check(token, Now.AddDays(60)).Status);
        Assert.Equal(LinkStatus.Expired, links.Check(token, Now.AddDays(60).AddSeconds(1)).Status);
    }

    [Fact]
    public void A_token_signed_with_the_previous_key_still_verifies_after_rotation()
    {
        var before = new RatingLink(new LinkSigningKeys(OldKey));
        var after = new RatingLink(new LinkSigningKeys(NewKey, [OldKey]));

        Assert.Equal(LinkStatus.Valid, after.Check(before.CreateToken(Survey, Now.AddDays(1)), Now).Status);
    }

    [Fact]
    public void A_token_signed_with_a_key_since_removed_is_refused()
    {
        var before = new RatingLink(new LinkSigningKeys(OldKey));
        var after = new RatingLink(new LinkSigningKeys(NewKey));

        Assert.Equal(LinkStatus.Tampered, after.Check(before.CreateToken(Survey, Now.AddDays(1)), Now).Status);
    }

    [Fact]
    public void Changing_any_part_of_a_token_breaks_it()
    {
        var links = new RatingLink(new LinkSigningKeys(NewKey));
        var parts = links.CreateToken(Survey, Now.AddDays(1)).Split('.');
        var otherSurvey = SurveyId.New();
        string[] tampered =
        [
            string.Join('.', parts[0], otherSurvey, parts[2], parts[3]),
            string.Join('.', parts[0], parts[1], (long.Parse(parts[2]) + 86400).ToString(), parts[3]),
            string.Join('.', parts[0], parts[1], parts[2], (parts[3][0] == 'A' ? "B" : "A") + parts[3][1..]),
            string.Join('.', parts[0], parts[1], parts[2], parts[3][..^1]),
            string.Join('.', parts[0], parts[1], parts[2]),
            "",
            "not-a-token",
        ];

        Assert.All(tampered, token => Assert.Equal(new LinkCheck(LinkStatus.Tampered, null), links.Check(token, Now)));
    }

    [Fact]
    public void Keys_shorter_than_32_bytes_are_refused() =>
        Assert.Throws<ArgumentException>(() => new LinkSigningKeys(new byte[31]));

    private static byte[] Key(int seed) => Enumerable.Range(0, 32).Select(i => (byte)(i + seed * 40)).ToArray();
}
