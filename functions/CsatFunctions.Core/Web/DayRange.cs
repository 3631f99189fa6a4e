using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>
/// A period of UTC days, inclusive, from a request's or a form's <c>from</c> and <c>to</c> (YYYY-MM-DD); the
/// last 30 days up to today when they are left out.
/// </summary>
public sealed record DayRange(DateOnly From, DateOnly To)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366 * 5;

    /// <returns>The range from the query, or null with the problem to answer.</returns>
    public static DayRange? Read(HttpRequest request, DateTimeOffset now, out IResult? problem)
    {
        var errors = new Dictionary<string, string[]>();
        var range = Read(name => request.Query[name].ToString(), now, errors);
        problem = range is null ? Problems.Invalid(errors, "The period is not valid.") : null;
        return range;
    }

    /// <summary>The range from any fields (a query, a form, a JSON object of strings): <paramref name="field"/> gives a field's text, "" when absent.</summary>
    /// <returns>The range, or null with what is wrong added to <paramref name="errors"/>.</returns>
    public static DayRange? Read(Func<string, string> field, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var to = Day(field("to"), "to", today, errors);
        var from = Day(field("from"), "from", to.AddDays(1 - DefaultDays), errors);
        if (errors.Count == before && from > to)
        {
            errors["from"] = ["Must not be after to."];
        }
        else if (errors.Count == before && to.DayNumber - from.DayNumber >= MaxDays)
        {
            errors["from"] = [$"The period can be at most {MaxDays} days."];
        }

        return errors.Count == before ? new DayRange(from, to) : null;
    }

    private static DateOnly Day(string text, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text.Length == 0)
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = ["Must be a UTC day such as 2026-11-24."];
        return fallback;
    }
}
