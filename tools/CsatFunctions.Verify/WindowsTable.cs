using System.Globalization;
using CsatFunctions.Scores;

namespace CsatFunctions.Verify;

/// <summary>The published and recomputed figures of every window, side by side, as a Markdown table.</summary>
internal static class WindowsTable
{
    public static void Print(ScoreWindows published, ScoreWindows recomputed)
    {
        Console.WriteLine("| window | published rated / satisfied | recomputed rated / satisfied |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var name in ScoreWindowName.All)
        {
            var (p, r) = (ScoreWindowName.Pick(published, name)!, ScoreWindowName.Pick(recomputed, name)!);
            Console.WriteLine($"| {name} | {p.Rated} / {Percent(p.SatisfactionPercent)}% | {r.Rated} / {Percent(r.SatisfactionPercent)}% |");
        }

        Console.WriteLine();
    }

    private static string Percent(decimal? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";
}
