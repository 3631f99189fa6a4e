namespace CsatFunctions.Helpdesks;

/// <summary>
/// One helpdesk's settings as configured under <c>Csat__Helpdesks__{name}__…</c> (or the older keys),
/// each validated at start-up by <see cref="HelpdeskSettings"/> and the helpdesk's own
/// <see cref="HelpdeskFormat.Validate"/>.
/// </summary>
/// <param name="Values">By setting name (<c>Secret</c>, <c>ApiUrl</c>…), compared case-insensitively; unset settings are absent.</param>
public sealed record HelpdeskConfig(string Helpdesk, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The webhook's shared secret, for the helpdesks that have one.</summary>
    public string? Secret => this[HelpdeskSettings.Secret];

    /// <returns>The setting's value, or null when it is not set.</returns>
    public string? this[string setting] => Values.TryGetValue(setting, out var value) ? value : null;

    /// <summary>A comma-separated list setting, trimmed, without empty items; <paramref name="fallback"/> when unset.</summary>
    public IReadOnlyList<string> List(string setting, params string[] fallback) =>
        this[setting] is { } text ? [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : fallback;

    /// <summary>An absolute URL setting without its trailing slash, so paths can be appended; null when unset.</summary>
    public Uri? Url(string setting) => this[setting] is { } text && Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) ? url : null;
}
