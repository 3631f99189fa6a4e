using System.Globalization;

namespace CsatFunctions.Storage;

/// <summary>The compact, sortable text forms of days and months used in table keys.</summary>
public static class DayKey
{
    public static string Of(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string MonthOf(DateOnly day) => day.ToString("yyyyMM", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string key) => DateOnly.ParseExact(key, "yyyyMMdd", CultureInfo.InvariantCulture);
}
