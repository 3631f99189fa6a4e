
namespace CsatFunctions.Scores;

/// <summary>The public windows by their JSON names, as badges and widgets choose them.</summary>
public static class ScoreWindowName
{
    public const string Default = "last30Days";

    public static IReadOnlyList<string> All { get; } = ["last7Days", "last30Days", "last90Days", "last365Days", "allTime"];

    public static ScoreWindow? Pick(ScoreWindows windows, string? name) => (name ?? Default) switch
    {
        "last7Days" => windows.Last7Days,
        "last30Days" => windows.Last30Days,
        "last90Days" => windows.Last90Days,
        "last365Days" => windows.Last365Days,
        "allTime" => windows.AllTime,
        _ => null,
    };

    public static string Label(string name) => name switch
    {
        "last7Days" => "last 7 days",
        "last30Days" => "last 30 days",
        "last90Days" => "last 90 days",
        "last365Days" => "last 12 months",
        _ => "all time",
    };
}
