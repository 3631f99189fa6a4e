
namespace CsatFunctions.Campaigns;

/// <summary>NPS figures over a set of answers: promoters 9–10, passives 7–8, detractors 0–6, NPS = % promoters − % detractors.</summary>
public sealed record NpsFigures(int Asked, int Answered, int Promoters, int Passives, int Detractors, double? Nps)
{
    public static NpsFigures Of(IReadOnlyCollection<CampaignAsk> asks)
    {
        var scores = asks.Where(a => a.Score is not null).Select(a => a.Score!.Value).ToList();
        var (promoters, passives, detractors) = (scores.Count(s => s >= 9), scores.Count(s => s is 7 or 8), scores.Count(s => s <= 6));
        return new NpsFigures(
            asks.Count,
            scores.Count,
            promoters,
            passives,
            detractors,
            scores.Count == 0 ? null : Math.Round(100.0 * (promoters - detractors) / scores.Count, 1, MidpointRounding.AwayFromZero));
    }
}

/// <summary>One round's figures: round 1 is the first <c>everyDays</c> after the campaign was defined.</summary>
public sealed record CampaignRound(int Round, NpsFigures Figures);

/// <summary>A "why" a customer gave with their score.</summary>
public sealed record CampaignComment(int Score, string Comment, DateTimeOffset AnsweredAt);

/// <summary><c>GET /api/admin/campaigns/{name}</c>: the campaign, its customers, all its answers' figures, the trend by round and the newest comments.</summary>
public sealed record CampaignReport(
    string Name,
    int EveryDays,
    int PerDay,
    string SendDays,
    string SendHours,
    string TimeZone,
    int Customers,
    int Asked,
    int Answered,
    int Promoters,
    int Passives,
    int Detractors,
    double? Nps,
    IReadOnlyList<CampaignRound> Rounds,
    IReadOnlyList<CampaignComment> Comments)
{
    public const int MaxComments = 100;

    public static CampaignReport Of(Campaign campaign, IReadOnlyList<CampaignAsk> asks)
    {
        var all = NpsFigures.Of(asks);
        return new CampaignReport(
            campaign.Name,
            campaign.EveryDays,
            campaign.PerDay,
            campaign.SendDays,
            campaign.SendHours,
            campaign.TimeZone,
            campaign.Customers,
            all.Asked,
            all.Answered,
            all.Promoters,
            all.Passives,
            all.Detractors,
            all.Nps,
            [.. asks.GroupBy(a => a.Round).OrderBy(g => g.Key).Select(g => new CampaignRound(g.Key + 1, NpsFigures.Of([.. g])))],
            [.. asks.Where(a => a is { Score: not null, Comment: not null, AnsweredAt: not null })
                .OrderByDescending(a => a.AnsweredAt)
                .Take(MaxComments)
                .Select(a => new CampaignComment(a.Score!.Value, a.Comment!, a.AnsweredAt!.Value))]);
    }
}

/// <summary><c>POST /api/admin/campaigns/{name}/run</c>'s answer.</summary>
public sealed record CampaignRunAnswer(string Campaign, int Asked);
