namespace CsatFunctions.Agents;

/// <summary>Who gets their own answers, and when the daily digests go out (<c>Csat__Agents__*</c>, read by <see cref="AgentSettings"/>).</summary>
public sealed record AgentReviewOptions
{
    public const int DefaultDigestHour = 8;

    /// <summary>The opted-in agents by name, matched case-insensitively against the survey's agent.</summary>
    public IReadOnlyDictionary<string, AgentReviewer> Reviewers { get; init; } = new Dictionary<string, AgentReviewer>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The local hour (0–23) from which the previous day's digest goes out.</summary>
    public int DigestHour { get; init; } = DefaultDigestHour;

    /// <summary>The zone the digest's hour and days are in: <c>Csat__Agents__TimeZone</c>, else <c>Csat__TimeZone</c>, else UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public AgentReviewer? For(string? agent) => agent is not null && Reviewers.TryGetValue(agent.Trim(), out var reviewer) ? reviewer : null;

    /// <summary>The local day a moment falls on.</summary>
    public DateOnly LocalDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);
}
