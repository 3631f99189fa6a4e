using Xunit.v3;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// Marks a fault drill: a crash, a storage outage, a lost answer, the published build, a long fuzz.
/// They take most of the suite's time, so the everyday lane (<c>./test.sh --fast</c>) leaves them out;
/// the full command (README.md, docs/tests.md) and CI run them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class DrillAttribute : Attribute, ITraitAttribute
{
    public const string Trait = "Lane";

    public const string Value = "Drill";

    public IReadOnlyCollection<KeyValuePair<string, string>> GetTraits() => [new(Trait, Value)];
}
