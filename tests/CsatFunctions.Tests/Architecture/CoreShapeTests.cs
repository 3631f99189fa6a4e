using System.Reflection;
using System.Text.RegularExpressions;
using CsatFunctions.Tests.Infrastructure;

namespace CsatFunctions.Tests.Architecture;

/// <summary>
/// The invariants docs/architecture.md states for Core, read from its source and its assembly: the
/// step folders import each other in no cycle, the plumbing beneath imports no step, no class needs
/// more than eight collaborators, no file is over 200 lines, and each queue is named in one place.
/// </summary>
public sealed partial class CoreShapeTests
{
    private static readonly string[] Plumbing = ["Storage", "Web", "Settings", "Telemetry", "Languages"];

    private static readonly string Core = Path.Combine(AzuriteProcess.RepositoryRoot(), "functions", "CsatFunctions.Core");

    [Fact]
    public void The_step_folders_import_each_other_in_no_cycle_and_the_plumbing_imports_no_step()
    {
        var imports = FolderImports();

        Assert.Empty(Cycles(imports));
        var plumbingToSteps = Plumbing.SelectMany(folder => imports.GetValueOrDefault(folder, []).Where(target => !Plumbing.Contains(target)).Select(target => $"{folder} -> {target}"));
        Assert.Empty(plumbingToSteps);
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle()
    {
        var imports = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };

        Assert.Equal(["A", "B", "C"], Assert.Single(Cycles(imports)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_class_needs_more_than_eight_collaborators()
    {
        var crowded = typeof(CsatServices).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.GetMethod("<Clone>$") is null && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .Select(type => (type.FullName, Most: type.GetConstructors().Select(constructor => constructor.GetParameters().Length).DefaultIfEmpty(0).Max()))
            .Where(type => type.Most > 8)
            .Select(type => $"{type.FullName} ({type.Most})");

        Assert.Empty(crowded);
    }

    [Fact]
    public void No_file_is_over_200_lines()
    {
        var long_ = SourceFiles().Select(file => (file, Lines: File.ReadAllLines(file).Length)).Where(file => file.Lines > 200).Select(file => $"{Path.GetRelativePath(Core, file.file)} ({file.Lines})");

        Assert.Empty(long_);
    }

    [Fact]
    public void Each_queue_is_named_in_one_place()
    {
        string[] queues = [QueueStepList.Surveys, QueueStepList.Reminders, QueueStepList.DeliveryEvents, QueueStepList.Alerts, QueueStepList.HelpdeskLookups, QueueStepList.Webhooks, QueueStepList.HelpdeskNotes, QueueStepList.AgentReviews];
        var registry = Path.Combine(Core, "QueueStepList.cs");

        // "delivery-events" is also the name of a blob container, which is no queue.
        var elsewhere = SourceFiles()
            .Where(file => file != registry)
            .SelectMany(file => queues.Where(queue => File.ReadAllText(file).Contains($"\"{queue}\"", StringComparison.Ordinal) && !(queue == QueueStepList.DeliveryEvents && file.EndsWith("DeliveryEventBatches.cs", StringComparison.Ordinal))).Select(queue => $"{queue} in {Path.GetFileName(file)}"));

        Assert.Empty(elsewhere);
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Core, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>For each top folder of Core, the other top folders its files name: by a using, or by a name qualified with the folder (<c>Ledger.LedgerEvents</c>).</summary>
    private static Dictionary<string, HashSet<string>> FolderImports()
    {
        var folders = Directory.GetDirectories(Core).Select(Path.GetFileName).Where(name => name is not ("bin" or "obj")).ToList();
        var imports = new Dictionary<string, HashSet<string>>();
        foreach (var file in SourceFiles())
        {
            var relative = Path.GetRelativePath(Core, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length == 1)
            {
                continue;
            }

            var text = Comment().Replace(File.ReadAllText(file), "");
            foreach (var target in folders.Where(target => target != relative[0]))
            {
                if (Regex.IsMatch(text, $@"(using CsatFunctions\.{target}\b)|(CsatFunctions\.{target}\.)|((?<![\w.]){target}\.[A-Z])"))
                {
                    (imports.TryGetValue(relative[0], out var set) ? set : imports[relative[0]] = []).Add(target!);
                }
            }
        }

        return imports;
    }

    /// <summary>The strongly connected groups of more than one folder (Tarjan's algorithm).</summary>
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> imports)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<List<string>>();
        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            foreach (var next in imports.GetValueOrDefault(folder, []))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[folder] = Math.Min(low[folder], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[folder] = Math.Min(low[folder], index[next]);
                }
            }

            if (low[folder] == index[folder])
            {
                var group = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    group.Add(popped);
                }
                while (popped != folder);
                if (group.Count > 1)
                {
                    cycles.Add(group);
                }
            }
        }

        foreach (var folder in imports.Keys.Where(folder => !index.ContainsKey(folder)).ToList())
        {
            Visit(folder);
        }

        return cycles;
    }

    [GeneratedRegex(@"//.*")]
    private static partial Regex Comment();
}
