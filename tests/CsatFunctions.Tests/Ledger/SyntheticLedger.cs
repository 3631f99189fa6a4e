using System.Globalization;
using System.Security.Cryptography;
using CsatFunctions.Ledger;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;

namespace CsatFunctions.Tests.Ledger;

/// <summary>
/// A year of answers as the pipeline would log them: tickets resolved evenly over the 365 days to
/// <c>now</c>, each counted then answered (a tenth on the five-point scale, a tenth on NPS, the rest three-level),
/// with the per-day tallies the score was calculated from, kept apart from the entries so a verifier's
/// recomputation is checked against figures it did not make. The tests and the benchmarks share it.
/// </summary>
public static class SyntheticLedger
{
    /// <param name="spreadOver">How many answers the year holds: fewer are its first ones, so a smaller log is a prefix of a larger one.</param>
    public static (List<LedgerEntry> Entries, List<DailyTally> Tallies) Year(int answers, DateTimeOffset now, int? spreadOver = null)
    {
        var random = new Random(1042);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var entries = new List<LedgerEntry>(answers * 2);
        var tallies = new Dictionary<DateOnly, DailyTally>();
        var prev = LedgerEntry.Genesis;
        for (var i = 0; i < answers; i++)
        {
            var day = today.AddDays(-364 + (int)((long)i * 365 / (spreadOver ?? answers)));
            var id = Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))[..32];
            var (scale, value) = (i % 10) switch
            {
                0 => (Scale.FivePoint, (int?)random.Next(1, 6)),
                1 => (Scale.Nps, (int?)random.Next(0, 11)),
                _ => (Scale.ThreeLevel, (int?)null),
            };
            Scale.FivePoint.TryRead(value?.ToString(CultureInfo.InvariantCulture), out var fiveBucket, out _);
            Scale.Nps.TryRead(value?.ToString(CultureInfo.InvariantCulture), out var npsBucket, out _);
            var bucket = scale == Scale.FivePoint ? fiveBucket : scale == Scale.Nps ? npsBucket : (Rating)random.Next(0, 3);
            var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var counted = LedgerEntry.Chain(entries.Count + 1, dayText, id, LedgerEntry.Counted, null, null, null, prev);
            var answered = LedgerEntry.Chain(entries.Count + 2, dayText, id, LedgerEntry.Answered, bucket.ToWire(), scale.Name, value, counted.Hash);
            entries.Add(counted);
            entries.Add(answered);
            prev = answered.Hash;
            tallies[day] = tallies.GetValueOrDefault(day, DailyTally.None(day)).Add(bucket, notSurveyed: false, scale, value);
        }

        return (entries, [.. tallies.Values]);
    }
}
