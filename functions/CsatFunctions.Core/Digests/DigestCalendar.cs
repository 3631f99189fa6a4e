namespace CsatFunctions.Digests;

/// <summary>
/// The periods the digests cover, in local days of <see cref="DigestOptions.TimeZone"/>: a week runs
/// Monday to Sunday and is sent on the first <see cref="DigestOptions.WeeklyDay"/> after it; a month is
/// sent on the 1st of the next. Each is due from <see cref="DigestOptions.Hour"/> of its sending day, and
/// not before its last day has ended in UTC.
/// </summary>
public static class DigestCalendar
{
    /// <summary>The Monday of the week a day falls in.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The first day of the month a day falls in.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The last day of a period that starts on <paramref name="first"/>.</summary>
    public static DateOnly LastDay(DigestKind kind, DateOnly first) => kind == DigestKind.Weekly ? first.AddDays(6) : first.AddMonths(1).AddDays(-1);

    public static DateOnly Next(DigestKind kind, DateOnly first) => kind == DigestKind.Weekly ? first.AddDays(7) : first.AddMonths(1);

    /// <summary>The local day a period's digest goes out.</summary>
    public static DateOnly SendingDay(DigestOptions options, DigestKind kind, DateOnly first)
    {
        var after = LastDay(kind, first).AddDays(1);
        return kind == DigestKind.Monthly ? after : after.AddDays(((int)options.WeeklyDay - (int)after.DayOfWeek + 7) % 7);
    }

    /// <summary>
    /// Whether the period's sending hour has come, in local time, and its last day has ended in UTC: the desk
    /// counts by UTC day, so in a zone ahead of UTC the local hour can come while that day is still being counted.
    /// </summary>
    public static bool IsDue(DigestOptions options, DigestKind kind, DateOnly first, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, options.TimeZone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var sendingDay = SendingDay(options, kind, first);
        var counted = now >= new DateTimeOffset(LastDay(kind, first).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return counted && (today > sendingDay || (today == sendingDay && local.Hour >= options.Hour));
    }

    /// <summary>
    /// Whether a period's digest is more than one period late: the next period is due too. Such a period is
    /// skipped rather than sent, so an outage (or a digest switched on months later) sends the latest period
    /// only, not a burst of stale ones.
    /// </summary>
    public static bool IsStale(DigestOptions options, DigestKind kind, DateOnly first, DateTimeOffset now) => IsDue(options, kind, Next(kind, first), now);

    /// <summary>The first period not yet due at <paramref name="now"/>: where a deployment's first digest starts.</summary>
    public static DateOnly FirstNotDue(DigestOptions options, DigestKind kind, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, options.TimeZone).DateTime);
        var first = kind == DigestKind.Weekly ? WeekOf(today).AddDays(-14) : MonthOf(today).AddMonths(-2);
        while (IsDue(options, kind, first, now))
        {
            first = Next(kind, first);
        }

        return first;
    }
}

public enum DigestKind
{
    /// <summary>To the team, of the week before.</summary>
    Weekly,

    /// <summary>To each client company's account manager, of the month before.</summary>
    Monthly,
}
