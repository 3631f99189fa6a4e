using System.Globalization;
using System.Text.RegularExpressions;

namespace CsatFunctions.Campaigns;

/// <summary><c>PUT /api/admin/campaigns/{name}</c>'s body, as sent.</summary>
public sealed record CampaignDefinition(int? EveryDays, int? PerDay, string? SendDays, string? SendHours, string? TimeZone);

/// <summary>
/// A relationship NPS campaign: its customers are asked "how likely are you to recommend us" at most
/// once every <see cref="EveryDays"/>, at most <see cref="PerDay"/> a day spread over its sending
/// hours, only on its days and hours in its time zone. A round is each <see cref="EveryDays"/>
/// since the campaign was defined; a customer is asked at most once a round.
/// </summary>
public sealed partial record Campaign(string Name, int EveryDays, int PerDay, string SendDays, string SendHours, string TimeZone, DateTimeOffset CreatedAt)
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>
    /// Nobody is due before this: the last drip read every customer and found none due, so runs until
    /// then skip the search. An import clears it.
    /// </summary>
    public DateTimeOffset? QuietUntil { get; init; }

    /// <summary>How many customers the campaign has, counted when an import or an erasure changes them (not on every report).</summary>
    public int Customers { get; init; }

    /// <summary>The stored row's version, so a drip records <see cref="QuietUntil"/> only if no import came in meanwhile.</summary>
    public Azure.ETag Version { get; init; }

    /// <summary>What <see cref="IsName"/> allows, as the refusal says it.</summary>
    public const string NameRule = "Must be 1 to 40 lowercase letters, digits or hyphens, such as spring-nps.";

    /// <summary>A name that is safe as a table key (it is one, and part of others) and in a URL.</summary>
    public static bool IsName(string name) => NamePattern().IsMatch(name);

    /// <returns>The campaign, or why the definition cannot be one (keyed by field).</returns>
    public static (Campaign? Campaign, Dictionary<string, string[]> Errors) From(string name, CampaignDefinition definition, DateTimeOffset createdAt)
    {
        // The routes check the name before anything else (CampaignsEndpoint); a bad one here is a bug.
        if (!IsName(name))
        {
            throw new ArgumentException(NameRule, nameof(name));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (definition.EveryDays is not (>= 7 and <= 730))
        {
            errors["everyDays"] = ["Must be a whole number of days from 7 to 730."];
        }

        if (definition.PerDay is not (>= 1 and <= 100_000))
        {
            errors["perDay"] = ["Must be a whole number from 1 to 100000."];
        }

        var sendDays = definition.SendDays ?? "Mon-Fri";
        if (Days(sendDays) is null)
        {
            errors["sendDays"] = ["Must be days such as Mon-Fri, or Mon,Wed,Fri."];
        }

        var sendHours = definition.SendHours ?? "09-17";
        if (Hours(sendHours) is null)
        {
            errors["sendHours"] = ["Must be a range of whole hours such as 09-17 (from 9:00 until 17:00)."];
        }

        var zone = definition.TimeZone ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors["timeZone"] = ["Must be an IANA time zone such as Europe/London."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new Campaign(name, definition.EveryDays!.Value, definition.PerDay!.Value, sendDays, sendHours, zone, createdAt), errors);
    }

    /// <summary>The round <paramref name="now"/> falls in: 0 for the first <see cref="EveryDays"/> after the campaign was defined.</summary>
    public int RoundAt(DateTimeOffset now) => Math.Max(0, (int)((now - CreatedAt).TotalDays / EveryDays));

    /// <summary>
    /// How many of the day's sends may have gone out by <paramref name="now"/>: the daily cap spread
    /// evenly over the sending hours, so a day's customers are not all asked in its first minute.
    /// Zero outside the campaign's days and hours.
    /// </summary>
    public (DateOnly LocalDay, int Allowed) AllowanceAt(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        var day = DateOnly.FromDateTime(local.DateTime);
        var (first, end) = Hours(SendHours)!.Value;
        var hour = local.TimeOfDay.TotalHours;
        if (!Days(SendDays)!.Contains(local.DayOfWeek) || hour < first || hour >= end)
        {
            return (day, 0);
        }

        return (day, (int)Math.Min(PerDay, Math.Ceiling(PerDay * (hour - first + 1.0 / 60) / (end - first))));
    }

    private static HashSet<DayOfWeek>? Days(string text)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            var ends = range.Select(d => Array.FindIndex(DayNames, n => n.Equals(d, StringComparison.OrdinalIgnoreCase))).ToArray();
            if (ends.Length is not (1 or 2) || ends.Any(i => i < 0))
            {
                return null;
            }

            for (var i = ends[0]; ; i = (i + 1) % 7)
            {
                days.Add((DayOfWeek)i);
                if (i == ends[^1])
                {
                    break;
                }
            }
        }

        return days.Count > 0 ? days : null;
    }

    private static (int First, int End)? Hours(string text)
    {
        var range = text.Split('-', StringSplitOptions.TrimEntries);
        return range.Length == 2
            && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && first is >= 0 and < 24 && end is > 0 and <= 24 && first < end
                ? (first, end)
                : null;
    }

    // \z, not $: $ also matches before a final line feed, and a line feed is no table key.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,39}\z")]
    private static partial Regex NamePattern();
}
