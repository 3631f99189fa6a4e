namespace CsatFunctions.Settings;

/// <summary>Start-up settings are wrong; <see cref="Problems"/> has one line per bad key.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
