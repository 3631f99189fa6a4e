namespace CsatFunctions.Settings;

/// <summary>
/// The secrets <c>local.settings.sample.json</c> ships with. They are public, and the self-host reads
/// <c>local.settings.json</c> wherever it runs, so a copy of the sample must not open a real deployment:
/// outside Development each of these values is refused at start-up.
/// </summary>
public static class SampleSecrets
{
    public static readonly IReadOnlyList<(string Key, string Value)> All =
    [
        ("Csat__WebhookSecret", "whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQtMzItYnl0ZXMh"),
        ("Csat__LinkSigningKey", "ZGV2LW9ubHktbGluay1zaWduaW5nLWtleS0zMi1ieXRlcyE="),
        ("Csat__AdminKey", "dev-admin-key"),
    ];

    /// <summary>Adds one line for each setting that holds its sample value; answers the keys that do, so no second line is added about them.</summary>
    public static IReadOnlySet<string> Refuse(SettingsReader settings) =>
        All.Where(sample => !settings.Require(
                settings.Text(sample.Key) != sample.Value,
                $"{sample.Key} is the sample value from local.settings.sample.json, which is public: set a secret of your own outside Development."))
            .Select(sample => sample.Key)
            .ToHashSet(StringComparer.Ordinal);
}
