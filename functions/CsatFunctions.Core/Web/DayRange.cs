using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>
/// A period of UTC days, inclusive, from a request's <c>from</c> and <c>to</c> (YYYY-MM-DD); the
/// last 30 days up to today when they are left out.
/// </summary>
public sealed record DayRange(DateOnly From, DateOnly To)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366 * 5;

    /// <returns>The range, or null with the problem to answer.</returns>
    public static DayRange? Read(HttpRequest request, DateTimeOffset now, out IResult? problem)
    {
        problem = null;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        var to = Day(request, "to", today, errors);
        var from = Day(request, "from", to.AddDays(1 - DefaultDays), errors);
        if (errors.Count == 0 && from > to)
        {
            errors["from"] = ["Must not be after to."];
        }
        else if (errors.Count == 0 && to.DayNumber - from.DayNumber >= MaxDays)
        {
            errors["from"] = [$"The period can be at most {MaxDays} days."];
        }

        if (errors.Count > 0)
        {
            problem = Problems.Invalid(errors, "The period is not valid.");
            return null;
        }

        return new DayRange(from, to);
    }

    private static DateOnly Day(HttpRequest request, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
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
