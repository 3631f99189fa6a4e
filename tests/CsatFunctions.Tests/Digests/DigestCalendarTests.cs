using CsatFunctions.Digests;

namespace CsatFunctions.Tests.Digests;

/// <summary>When a period is due in a zone ahead of UTC, where the local hour comes before the desk's UTC day has ended.</summary>
public sealed class DigestCalendarTests
{
    private static readonly DigestOptions Tokyo = new() { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), Hour = 8, WeeklyDay = DayOfWeek.Monday };

    [Fact]
    public void In_Tokyo_a_month_is_due_once_its_last_UTC_day_has_ended_not_at_eight_local()
    {
        var november = new DateOnly(2026, 11, 1);

        // 08:00 on 1 December in Tokyo is 23:00 on 30 November UTC: the desk is still counting that day.
        Assert.False(DigestCalendar.IsDue(Tokyo, DigestKind.Monthly, november, Utc(2026, 11, 30, 23, 0)));
        Assert.False(DigestCalendar.IsDue(Tokyo, DigestKind.Monthly, november, Utc(2026, 11, 30, 23, 59)));
        Assert.True(DigestCalendar.IsDue(Tokyo, DigestKind.Monthly, november, Utc(2026, 12, 1, 0, 0)));
    }

    [Fact]
    public void In_Tokyo_a_week_is_due_once_its_Sunday_has_ended_in_UTC()
    {
        var week = new DateOnly(2026, 11, 23);
        Assert.False(DigestCalendar.IsDue(Tokyo, DigestKind.Weekly, week, Utc(2026, 11, 29, 23, 30)));
        Assert.True(DigestCalendar.IsDue(Tokyo, DigestKind.Weekly, week, Utc(2026, 11, 30, 0, 0)));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
