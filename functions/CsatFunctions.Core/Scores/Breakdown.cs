using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>
/// A dimension the daily counts are broken down by: each survey's key is stored with it under its
/// day, counted per key by the aggregator, and kept with the day's counts.
/// </summary>
/// <param name="Name">The dimension's name in stored counts (and the public document when published).</param>
/// <param name="Column">The day index's property holding each survey's key.</param>
/// <param name="KeyOf">The survey's key, null or empty when it has none.</param>
/// <param name="CountsWithoutKey">Whether surveys without a key count under <c>""</c>, or are left out of this breakdown.</param>
/// <param name="Published">Whether the public document shows it; the others are for the support team.</param>
public sealed record Breakdown(string Name, string Column, Func<Survey, string?> KeyOf, bool CountsWithoutKey, bool Published);

/// <summary>Every breakdown of the daily counts. Adding one is adding an entry here.</summary>
public static class Breakdowns
{
    public const string Touchpoint = "touchpoint";
    public const string Agent = "agent";
    public const string Channel = "channel";
    public const string Source = "source";
    public const string Company = "company";

    public static IReadOnlyList<Breakdown> All { get; } =
    [
        // Tickets without a touchpoint are only in the totals.
        new(Touchpoint, "Touchpoint", survey => survey.Touchpoint, CountsWithoutKey: false, Published: true),

        // The agent credited when the survey went out, so reassigning a ticket later moves nothing.
        new(Agent, "Agent", survey => survey.Agent, CountsWithoutKey: true, Published: false),
        new(Channel, "Channel", survey => survey.Channel, CountsWithoutKey: true, Published: false),
        new(Source, "Source", survey => survey.Source, CountsWithoutKey: true, Published: false),

        // The client company as it was at resolution, like the agent; tickets without one count under "".
        new(Company, "Company", survey => survey.Company, CountsWithoutKey: true, Published: false),
    ];
}
