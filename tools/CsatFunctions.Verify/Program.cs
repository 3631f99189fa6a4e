using CsatFunctions.Ledger.Log;
using CsatFunctions.Verify;

// Usage: dotnet run --project tools/CsatFunctions.Verify -- [--key <vkey>] [--witness <vkey>]… [--state <file>] <URL or folder>
//        dotnet run --project tools/CsatFunctions.Verify -- new-key <origin>
// Where the score's static files are: a URL (https://<account>.z6.web.core.windows.net/) or a folder
// holding score.json and the log (checkpoint, log.json, tile/…), or only the older chain (ledger/).
// Exit code 0: it holds and every window recomputes to the published figures; 1: it does not; 2: usage.
const string Usage = "Usage: CsatFunctions.Verify [--key <log vkey>] [--witness <witness vkey>]… [--state <file>] <URL or folder of the published score files>\n"
    + "       CsatFunctions.Verify new-key <origin>";

if (args is ["new-key", var origin])
{
    if (origin.Length == 0 || origin.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+'))
    {
        Console.Error.WriteLine("The origin names the log: a schemeless URL without spaces or '+', such as example.com/csat-log.");
        return 2;
    }

    using var key = NoteSigner.Generate(origin);
    Console.WriteLine(key.PrivateKeyText);
    Console.WriteLine(key.VerifierKey);
    Console.Error.WriteLine("The first line is Csat__LogSigningKey (keep it secret); the second the log's vkey that auditors pin with --key.");
    return 0;
}

var (pinnedKey, witnesses, statePath, where) = ((string?)null, new List<string>(), (string?)null, (string?)null);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--key" when i + 1 < args.Length:
            pinnedKey = args[++i];
            break;
        case "--witness" when i + 1 < args.Length:
            witnesses.Add(args[++i]);
            break;
        case "--state" when i + 1 < args.Length:
            statePath = args[++i];
            break;
        case var value when where is null && !value.StartsWith("--", StringComparison.Ordinal):
            where = value;
            break;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

if (where is null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var files = new PublishedFiles(where);
try
{
    // The log when it is published; else the older chain alone (a site or a download from before the log).
    return await files.ReadAsync("checkpoint", cancel.Token) is null && await files.ReadAsync("ledger/index.json", cancel.Token) is not null
        ? await ChainAudit.RunAsync(files, cancel.Token)
        : await LogAudit.RunAsync(files, new AuditOptions(pinnedKey, witnesses, statePath), cancel.Token);
}
catch (UnreadableFileException ex)
{
    Console.WriteLine($"✗ {(files.IsUrl ? files.Root : Path.TrimEndingDirectorySeparator(files.Root) + Path.DirectorySeparatorChar)}{ex.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.WriteLine("✗ cancelled before the audit ended.");
    return 1;
}
