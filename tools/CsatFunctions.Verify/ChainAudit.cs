using System.Text.Json;
using CsatFunctions.Ledger;
using CsatFunctions.Scores;

namespace CsatFunctions.Verify;

/// <summary>
/// The hash chain of <c>ledger/</c>, published beside the log for one release: kept so an auditor can
/// still check a site that has only it (or a download made before the log), as before.
/// </summary>
internal static class ChainAudit
{
    public static async Task<int> RunAsync(PublishedFiles files, CancellationToken cancellationToken)
    {
        Task<string?> Read(string name) => files.ReadTextAsync(name, cancellationToken);
        PublishedLedger? ledger;
        try
        {
            ledger = await PublishedLedger.ReadAsync(Read);
        }
        catch (JsonException ex)
        {
            throw new UnreadableFileException("ledger/", $"not the published chain: {ex.Message}", ex);
        }

        var scoreText = await Read("score.json");
        if (ledger is null || scoreText is null)
        {
            Console.Error.WriteLine($"{files.Root}: score.json, ledger/index.json and ledger/checkpoint.json must all be there.");
            return 1;
        }

        var index = ledger.Index;
        var problems = LedgerVerifier.Check(ledger, out var entries);
        var score = PublishedScore.Parse(System.Text.Encoding.UTF8.GetBytes(scoreText));
        var recomputed = ScoreFromLedger.Recompute(entries, score.GeneratedAt);
        var differences = ScoreFromLedger.Compare(score.Windows, recomputed);

        Console.WriteLine($"{index.Company}: {entries.Count:N0} entries over {index.Days.Count} day(s), head {index.Head}; the score of {score.GeneratedAt:yyyy-MM-dd HH:mm} UTC.");
        Console.WriteLine();
        WindowsTable.Print(score.Windows, recomputed);
        foreach (var problem in problems.Concat(differences))
        {
            Console.WriteLine("✗ " + problem);
        }

        Console.WriteLine(problems.Count + differences.Count == 0 ? "✓ The ledger holds and every window matches the published score." : $"✗ {problems.Count} ledger problem(s), {differences.Count} figure(s) that differ.");
        return problems.Count + differences.Count == 0 ? 0 : 1;
    }
}
