using System.Net;
using CsatFunctions.Surveys;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Ratings;

/// <summary>Rotating the link key, as an operator does it: links already in inboxes keep working until the old key is removed.</summary>
public sealed class LinkKeyRotationTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private const string NewKey = "bmV3LWxpbmstc2lnbmluZy1rZXktYWZ0ZXItcm90YXRpb24tMzItYnl0ZXM=";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:LinkSigningKey"] = NewKey;
        settings["Csat:PreviousLinkSigningKeys"] = PipelineHost.LinkSigningKeyText;
    }

    [Fact]
    public async Task A_link_signed_with_the_previous_key_still_opens_and_records_and_new_links_use_the_new_key()
    {
        await Host.SendTicketAsync(PipelineHost.Ticket("T-ROT"));
        var mail = (await SendGrid.WaitForAsync(1))[0];
        var surveyId = await Host.Services.SurveyIdOfAsync("T-ROT");
        var oldToken = new RatingLink(new LinkSigningKeys(Convert.FromBase64String(PipelineHost.LinkSigningKeyText))).CreateToken(surveyId, Host.Clock.GetUtcNow().AddDays(1));

        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync($"/api/ratings/{oldToken}?rating=excellent")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.PostAsync($"/api/ratings/{oldToken}", new FormUrlEncodedContent([new("rating", "excellent")]))).StatusCode);
        var newKeyOnly = new RatingLink(new LinkSigningKeys(Convert.FromBase64String(NewKey)));
        Assert.Equal(new LinkCheck(LinkStatus.Valid, surveyId), newKeyOnly.Check(SurveyMail.TokenOf(mail), Host.Clock.GetUtcNow()));
    }
}
