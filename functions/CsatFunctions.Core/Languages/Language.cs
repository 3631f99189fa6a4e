using System.Globalization;

namespace CsatFunctions.Languages;

/// <summary>
/// The texts a customer reads, in one language: placeholders are <c>{name}</c>, a text that depends
/// on a count has <c>.one</c> and <c>.other</c> forms, and dates and numbers are written as the
/// language writes them. Month names and separators are texts too (<c>format.*</c>), not the
/// machine's culture data, so an email reads the same on every host (the hosts run without ICU).
/// </summary>
public sealed class Language(string code, IReadOnlyDictionary<string, string> texts, Func<long, bool> isOne)
{
    /// <summary>The BCP 47 language code pages carry in <c>&lt;html lang&gt;</c>: <c>en</c>, <c>de</c>…</summary>
    public string Code { get; } = code;

    /// <summary>The text with its placeholders filled in (values are shown as given: encode for HTML after).</summary>
    public string Text(string key, params (string Name, object Value)[] values) =>
        // One pass, so a value that itself holds "{name}" (a ticket's subject) is shown as it is.
        Languages.Placeholder().Replace(texts[key], match =>
            values.FirstOrDefault(v => v.Name == match.Value[1..^1]) is { Value: { } value }
                ? value is int or long ? Number(Convert.ToInt64(value, CultureInfo.InvariantCulture)) : value.ToString() ?? ""
                : match.Value);

    /// <summary>The <c>.one</c> or <c>.other</c> form of <paramref name="key"/> for <paramref name="count"/>, as the language's plural rule says.</summary>
    public string Plural(string key, long count, params (string Name, object Value)[] values) =>
        Text(key + (isOne(count) ? ".one" : ".other"), values);

    /// <summary>A UTC day as the language writes it ("November 15, 2026", "15. November 2026").</summary>
    public string Date(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return Text(
            "format.date",
            ("day", day.Day.ToString(CultureInfo.InvariantCulture)),
            ("month", MonthName(day.Month)),
            ("year", day.Year.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>A month's name ("November"), or its short form for a graph's axis ("Nov", "nov.").</summary>
    /// <param name="month">1 to 12.</param>
    public string MonthName(int month, bool abbreviated = false) =>
        texts[abbreviated ? "format.monthsShort" : "format.months"].Split('|')[month - 1];

    /// <summary>A whole number with the language's thousands separator ("2,000", "2.000").</summary>
    public string Number(long number) =>
        number.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", texts["format.thousands"], StringComparison.Ordinal);

    public bool Has(string key) => texts.ContainsKey(key);
}
