using CsatFunctions.Scores;

namespace CsatFunctions.Tests.Scores;

public sealed class ScoreCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Satisfaction_counts_excellent_and_satisfactory_over_rated_and_ignores_unrated()
    {
        var document = ScoreCalculator.Calculate("Example Hosting", [new DailyTally(Today, 10, 4, 3, 1)], Now);

        Assert.Equal(new ScoreWindow(10, 8, 4, 3, 1, 87.5m, 80.0m), document.Windows.Last7Days);
    }

    [Theory]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 3, 33.3)]
    [InlineData(1, 16, 6.3)]
    [InlineData(1, 8, 12.5)]
    [InlineData(999, 1000, 99.9)]
    [InlineData(1999, 2000, 100.0)]
    public void Percentages_round_half_away_from_zero_to_one_decimal(int part, int whole, double expected) =>
        Assert.Equal((decimal)expected, ScoreCalculator.Percent(part, whole));

    [Fact]
    public void Percentages_are_null_when_nothing_is_rated_or_surveyed()
    {
        var document = ScoreCalculator.Calculate("Example Hosting", [new DailyTally(Today, 3, 0, 0, 0)], Now);

        Assert.Null(document.Windows.AllTime.SatisfactionPercent);
        Assert.Equal(0m, document.Windows.AllTime.ResponseRatePercent);
        Assert.Null(ScoreCalculator.Percent(0, 0));
    }

    [Fact]
    public void The_response_rate_of_delivered_divides_by_delivered_surveys_only_and_is_null_without_delivery_events()
    {
        var reported = new DailyTally(Today, 10, 3, 1, 0) { Delivered = 8, Undeliverable = 2, Reminded = 3 };
        var unreported = new DailyTally(Today.AddDays(-10), 5, 1, 0, 0);

        var document = ScoreCalculator.Calculate("Example Hosting", [reported, unreported], Now);

        var week = document.Windows.Last7Days;
        Assert.Equal((8, 2, 50.0m, 40.0m, 3), (week.Delivered, week.Undeliverable, week.ResponseRateOfDeliveredPercent, week.ResponseRatePercent, week.Reminded));
        Assert.Equal((8, 62.5m), (document.Windows.AllTime.Delivered, document.Windows.AllTime.ResponseRateOfDeliveredPercent));
        Assert.Null(ScoreCalculator.Calculate("Example Hosting", [unreported], Now).Windows.AllTime.ResponseRateOfDeliveredPercent);
    }

    [Fact]
    public void Windows_are_whole_utc_days_counting_today()
    {
        DailyTally[] tallies =
        [
            new(Today, 1, 1, 0, 0),
            new(Today.AddDays(-6), 1, 1, 0, 0),
            new(Today.AddDays(-7), 1, 0, 0, 1),
            new(Today.AddDays(-29), 1, 1, 0, 0),
            new(Today.AddDays(-30), 1, 1, 0, 0),
            new(Today.AddDays(-364), 1, 1, 0, 0),
            new(Today.AddDays(-365), 1, 1, 0, 0),
        ];

        var windows = ScoreCalculator.Calculate("Example Hosting", tallies, Now).Windows;

        Assert.Equal(2, windows.Last7Days.Surveyed);
        Assert.Equal(4, windows.Last30Days.Surveyed);
        Assert.Equal(5, windows.Last90Days.Surveyed);
        Assert.Equal(6, windows.Last365Days.Surveyed);
        Assert.Equal(7, windows.AllTime.Surveyed);
        Assert.Equal(85.7m, windows.AllTime.SatisfactionPercent);
    }

    [Fact]
    public void Monthly_history_runs_from_the_first_month_with_surveys_to_now_with_empty_months_kept()
    {
        DailyTally[] tallies = [new(new DateOnly(2026, 8, 31), 4, 1, 1, 0), new(new DateOnly(2026, 8, 1), 1, 0, 0, 1), new(Today, 2, 0, 0, 0)];

        var monthly = ScoreCalculator.Calculate("Example Hosting", tallies, Now).Monthly;

        Assert.Equal(
            [
                new MonthlyScore("2026-08", 5, 3, 66.7m),
                new MonthlyScore("2026-09", 0, 0, null),
                new MonthlyScore("2026-10", 0, 0, null),
                new MonthlyScore("2026-11", 2, 0, null),
            ],
            monthly);
    }

    [Fact]
    public void With_no_surveys_the_document_has_the_full_shape_with_zeros()
    {
        var document = ScoreCalculator.Calculate("Example Hosting", [], Now);
        var zero = new ScoreWindow(0, 0, 0, 0, 0, null, null);

        Assert.Equal(new ScoreWindows(zero, zero, zero, zero, zero), document.Windows);
        Assert.Equal([new MonthlyScore("2026-11", 0, 0, null)], document.Monthly);
        Assert.Equal(new DateTime(2026, 11, 22, 10, 5, 0, DateTimeKind.Utc), document.GeneratedAt);
    }

    [Fact]
    public void Each_touchpoint_gets_the_same_windows_from_its_own_tickets_only()
    {
        var today = new DailyTally(Today, 5, 2, 1, 1)
        {
            Breakdowns = new Dictionary<string, IReadOnlyDictionary<string, DailyTally>>
            {
                [Breakdowns.Touchpoint] = new Dictionary<string, DailyTally> { ["onboarding"] = new(Today, 2, 1, 0, 1), ["support"] = new(Today, 2, 1, 1, 0) },
            },
        };
        var lastYear = new DailyTally(Today.AddDays(-200), 1, 1, 0, 0) { Breakdowns = new Dictionary<string, IReadOnlyDictionary<string, DailyTally>> { [Breakdowns.Touchpoint] = new Dictionary<string, DailyTally> { ["maintenance"] = new(Today.AddDays(-200), 1, 1, 0, 0) } } };

        var touchpoints = ScoreCalculator.Calculate("Example Hosting", [today, lastYear], Now).Touchpoints;

        Assert.Equal(["maintenance", "onboarding", "support"], touchpoints.Keys);
        Assert.Equal(new ScoreWindow(2, 2, 1, 0, 1, 50.0m, 100.0m), touchpoints["onboarding"].Last7Days);
        Assert.Equal(new ScoreWindow(0, 0, 0, 0, 0, null, null), touchpoints["maintenance"].Last90Days);
        Assert.Equal(new ScoreWindow(1, 1, 1, 0, 0, 100.0m, 100.0m), touchpoints["maintenance"].Last365Days);
    }

    [Fact]
    public void The_published_json_follows_the_contract_schema()
    {
        var score = PublishedScore.From(ScoreCalculator.Calculate("Example Hosting", [new DailyTally(Today, 10, 4, 3, 1)], Now.AddMilliseconds(700)) with { MinimumRatedToShow = 10 });

        Assert.StartsWith(
            """{"schemaVersion":1,"company":"Example Hosting","generatedAt":"2026-11-22T10:05:00Z","method":"Share of rated tickets rated excellent or satisfactory; unrated tickets are excluded.","windows":{"last7Days":{"surveyed":10,"rated":8,"excellent":4,"satisfactory":3,"unsatisfactory":1,"satisfactionPercent":87.5,"responseRatePercent":80.0,"notSurveyed":0,"delivered":0,"undeliverable":0,"responseRateOfDeliveredPercent":null,"reminded":0},""",
            score.Json);
        Assert.EndsWith("""},"monthly":[{"month":"2026-11","surveyed":10,"rated":8,"satisfactionPercent":87.5}],"touchpoints":{},"minimumRatedToShow":10}""", score.Json);
        Assert.Matches("^\"[A-Za-z0-9_-]{24}\"$", score.ETag);
    }
}
