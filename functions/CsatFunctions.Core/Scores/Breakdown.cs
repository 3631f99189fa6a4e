using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>
/// A dimension the daily counts are broken down by: each survey's key is stored with it under its
/// day, counted per key by the aggregator, and kept with the day's counts.
/// </summary>
/// <param name="Name">The dimension's name in stored counts (and the public document when published).</param>
/// <param name="Column">The day index's property holding each survey's key.</param>
/// <param name="KeysOf">The survey's keys: most breakdowns give one (or none), reasons and tags any number, and the survey counts once under each.</param>
/// <param name="CountsWithoutKey">Whether surveys without a key count under <c>""</c>, or are left out of this breakdown.</param>
/// <param name="Published">Whether the public document shows it; the others are for the support team.</param>
public sealed record Breakdown(string Name, string Column, Func<Survey, IReadOnlyList<string>> KeysOf, bool CountsWithoutKey, bool Published)
{
    /// <summary>A breakdown with at most one key per survey.</summary>
    public static Breakdown Single(string name, string column, Func<Survey, string?> keyOf, bool countsWithoutKey, bool published) =>
        new(name, column, survey => keyOf(survey) is { Length: > 0 } key ? [key] : [], countsWithoutKey, published);

    /// <summary>The column's value in the day index.</summary>
    public string Filed(Survey survey) => string.Join(SurveyRow.ListSeparator, KeysOf(survey));

    /// <summary>The keys a day index row was filed under; rows filed before a breakdown existed lack its column and have none.</summary>
    public IReadOnlyList<string> Read(string? column) =>
        string.IsNullOrEmpty(column) ? (CountsWithoutKey ? [""] : []) : column.Split(SurveyRow.ListSeparator).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>Every breakdown of the daily counts. Adding one is adding an entry here.</summary>
public static class Breakdowns
{
    public const string Touchpoint = "touchpoint";
    public const string Agent = "agent";
    public const string Channel = "channel";
    public const string Source = "source";
    public const string Company = "company";
    public const string Reason = "reason";
    public const string Tag = "tag";

    public static IReadOnlyList<Breakdown> All { get; } =
    [
        // Tickets without a touchpoint are only in the totals.
        Breakdown.Single(Touchpoint, "Touchpoint", survey => survey.Touchpoint, countsWithoutKey: false, published: true),

        // The agent credited when the survey went out, so reassigning a ticket later moves nothing.
        Breakdown.Single(Agent, "Agent", survey => survey.Agent, countsWithoutKey: true, published: false),
        Breakdown.Single(Channel, "Channel", survey => survey.Channel, countsWithoutKey: true, published: false),
        Breakdown.Single(Source, "Source", survey => survey.Source, countsWithoutKey: true, published: false),

        // The client company as it was at resolution, like the agent; tickets without one count under "".
        Breakdown.Single(Company, "Company", survey => survey.Company, countsWithoutKey: true, published: false),

        // Why a customer answered at the bottom of the scale (Csat__Reasons), and the team's tags on an answer: any number each.
        new(Reason, "Reasons", survey => survey.Reasons, CountsWithoutKey: false, Published: false),
        new(Tag, "Tags", survey => survey.Tags, CountsWithoutKey: false, Published: false),
    ];
}
