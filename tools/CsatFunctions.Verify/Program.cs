using System.Text.Json;
using CsatFunctions;
using CsatFunctions.Ledger;
using CsatFunctions.Scores;

// Usage: dotnet run --project tools/CsatFunctions.Verify -- <where the score's static files are>
//   a URL (https://<account>.z6.web.core.windows.net/) or a folder holding score.json and ledger/.
// Exit code 0: the ledger holds and every window recomputes to the published figures; 1: it does not; 2: usage.
if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: CsatFunctions.Verify <URL or folder of the published score files>");
    return 2;
}

var root = args[0].EndsWith('/') || !args[0].Contains("://", StringComparison.Ordinal) ? args[0] : args[0] + "/";
using var http = new HttpClient();
async Task<string?> Read(string name)
{
    if (!root.Contains("://", StringComparison.Ordinal))
    {
        var path = Path.Combine(root, name);
        return File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
    }

    using var response = await http.GetAsync(new Uri(new Uri(root), name));
    return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
}

var ledger = await PublishedLedger.ReadAsync(Read);
var scoreText = await Read("score.json");
if (ledger is null || scoreText is null)
{
    Console.Error.WriteLine($"{root}: score.json, ledger/index.json and ledger/checkpoint.json must all be there.");
    return 1;
}

var index = ledger.Index;
var problems = LedgerVerifier.Check(ledger, out var entries);
var score = JsonSerializer.Deserialize(scoreText, CsatJson.Default.ScoreDocument)!;
var recomputed = ScoreFromLedger.Recompute(entries, score.GeneratedAt);
var differences = ScoreFromLedger.Compare(score.Windows, recomputed);

Console.WriteLine($"{index.Company}: {entries.Count:N0} entries over {index.Days.Count} day(s), head {index.Head}; the score of {score.GeneratedAt:yyyy-MM-dd HH:mm} UTC.");
Console.WriteLine();
Console.WriteLine("| window | published rated / satisfied | recomputed rated / satisfied |");
Console.WriteLine("| --- | ---: | ---: |");
foreach (var name in ScoreWindowName.All)
{
    var (p, r) = (ScoreWindowName.Pick(score.Windows, name)!, ScoreWindowName.Pick(recomputed, name)!);
    Console.WriteLine($"| {name} | {p.Rated} / {p.SatisfactionPercent?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "–"}% | {r.Rated} / {r.SatisfactionPercent?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "–"}% |");
}

Console.WriteLine();
foreach (var problem in problems.Concat(differences))
{
    Console.WriteLine("✗ " + problem);
}

Console.WriteLine(problems.Count + differences.Count == 0 ? "✓ The ledger holds and every window matches the published score." : $"✗ {problems.Count} ledger problem(s), {differences.Count} figure(s) that differ.");
return problems.Count + differences.Count == 0 ? 0 : 1;
