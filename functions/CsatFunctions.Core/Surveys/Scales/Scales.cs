using System.Diagnostics.CodeAnalysis;

namespace CsatFunctions.Surveys;

/// <summary>Every scale a survey can ask on, by name. Adding one is a file and an entry here.</summary>
public static class Scales
{
    public static Scale ThreeLevel { get; } = new ThreeLevelScale();

    public static Scale FivePoint { get; } = new FivePointScale();

    public static Scale Nps { get; } = new NpsScale();

    public static IReadOnlyList<Scale> All { get; } = [ThreeLevel, FivePoint, Nps];

    /// <summary>Names as settings and events give them, case-insensitively.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out Scale? scale)
    {
        scale = All.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase));
        return scale is not null;
    }

    /// <summary>The names, as a person reads a list of choices.</summary>
    public static string Names => string.Join(", ", All.SkipLast(1).Select(scale => scale.Name)) + " or " + All[^1].Name;

    /// <summary>A stored name; rows from before scales were stored read as three-level.</summary>
    public static Scale Stored(string? name) => TryParse(name, out var scale) ? scale : ThreeLevel;
}
