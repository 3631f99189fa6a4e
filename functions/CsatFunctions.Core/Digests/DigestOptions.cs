namespace CsatFunctions.Digests;

/// <summary>When and to whom the weekly and monthly digests go (<c>Csat__Digests__*</c>, read by <see cref="DigestSettings"/>).</summary>
public sealed record DigestOptions
{
    public const int DefaultHour = 8;
    public const DayOfWeek DefaultWeeklyDay = DayOfWeek.Monday;

    /// <summary>The team's addresses (<c>Csat__Digests__Weekly__To</c>); no weekly digest when empty.</summary>
    public IReadOnlyList<string> WeeklyTo { get; init; } = [];

    /// <summary>The local day on which the weekly digest of the week (Monday to Sunday) before it goes out.</summary>
    public DayOfWeek WeeklyDay { get; init; } = DefaultWeeklyDay;

    /// <summary>The local hour (0–23) from which a due digest goes out, on the weekly day and on the 1st of the month.</summary>
    public int Hour { get; init; } = DefaultHour;

    /// <summary>The zone of the hour and of the weeks and months: <c>Csat__TimeZone</c>, else UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}
