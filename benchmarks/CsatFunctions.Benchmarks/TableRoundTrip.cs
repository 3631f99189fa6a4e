using System.Diagnostics;
using CsatFunctions.Storage;

namespace CsatFunctions.Benchmarks;

/// <summary>The reference a storage-bound figure is read against: one table upsert, the median of 50 in a row.</summary>
public static class TableRoundTrip
{
    public static async Task<TimeSpan> MedianAsync(CsatStorage storage)
    {
        var single = storage.Table("RoundTrips");
        await single.CreateIfNotExistsAsync();
        var trips = new List<TimeSpan>();
        var watch = new Stopwatch();
        for (var i = 0; i < 50; i++)
        {
            watch.Restart();
            await single.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("trip", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            trips.Add(watch.Elapsed);
        }

        return trips.Order().ElementAt(trips.Count / 2);
    }
}
