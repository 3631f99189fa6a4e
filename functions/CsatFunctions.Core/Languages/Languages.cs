using System.Text.Json;
using System.Text.RegularExpressions;

namespace CsatFunctions.Languages;

/// <summary>
/// The languages surveys are sent in: English, German, French, Spanish and Dutch, each a JSON file of
/// texts under Languages/Texts (embedded), which a company may override key by key with files of its
/// own (<c>Csat__TextsDirectory</c>/{code}.json) for its own wording, and words for its own reasons (<c>reason.{slug}</c>). Every shipped language has every
/// key English has; an override may only change known keys and must keep their placeholders.
/// </summary>
public sealed partial class Languages
{
    /// <summary>The languages the project has, and each one's plural rule (CLDR: French counts 0 as singular).</summary>
    public static readonly IReadOnlyDictionary<string, Func<long, bool>> Shipped = new Dictionary<string, Func<long, bool>>(StringComparer.Ordinal)
    {
        ["en"] = n => n == 1,
        ["de"] = n => n == 1,
        ["fr"] = n => n is 0 or 1,
        ["es"] = n => n == 1,
        ["nl"] = n => n == 1,
    };

    public const string DefaultCode = "en";

    private readonly Dictionary<string, Language> languages;

    private Languages(Dictionary<string, Language> languages, string defaultCode)
    {
        this.languages = languages;
        Default = languages[defaultCode];
        All = [.. Shipped.Keys.Select(code => languages[code])];
    }

    /// <summary>The shipped texts, English by default: what a host without settings uses.</summary>
    public static Languages Builtin { get; } = Load(null, DefaultCode, (_, _) => true);

    /// <summary><c>Csat__DefaultLocale</c>: customers whose language the project does not have, and every page not about one survey.</summary>
    public Language Default { get; }

    /// <summary>Every language the project has, in <see cref="Shipped"/>'s order: the public review policy is published in each.</summary>
    public IReadOnlyList<Language> All { get; }

    /// <summary>The language for a survey's stored code (null or unknown: the default).</summary>
    public Language For(string? code) => code is not null && languages.TryGetValue(code, out var language) ? language : Default;

    /// <summary>Reads a BCP 47 tag (<c>de-DE</c>, <c>fr_CA</c>, <c>NL</c>) down to a language the project has, or null.</summary>
    public static string? Match(string? tag)
    {
        var language = tag?.Trim().Split('-', '_')[0].ToLowerInvariant();
        return language is not null && Shipped.ContainsKey(language) ? language : null;
    }

    /// <param name="overrides">A directory of {code}.json files whose keys replace the shipped texts; null for none.</param>
    /// <param name="require">Reports a problem (the settings reader's one line per problem).</param>
    public static Languages Load(string? overrides, string defaultCode, Func<bool, string, bool> require)
    {
        var english = Read(typeof(Languages).Assembly.GetManifestResourceStream("CsatFunctions.Languages.Texts.en.json")!);
        var loaded = new Dictionary<string, Language>(StringComparer.Ordinal);
        foreach (var (code, isOne) in Shipped)
        {
            var texts = code == "en" ? english : Read(typeof(Languages).Assembly.GetManifestResourceStream($"CsatFunctions.Languages.Texts.{code}.json")!);
            var path = overrides is null ? null : Path.Combine(overrides, code + ".json");
            if (path is not null && File.Exists(path))
            {
                Dictionary<string, string> own;
                try
                {
                    using var file = File.OpenRead(path);
                    own = Read(file);
                }
                catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
                {
                    require(false, $"Csat__TextsDirectory: {path} is not a JSON object of texts ({ex.Message}).");
                    own = [];
                }

                foreach (var (key, text) in own)
                {
                    // A company's own reason (Csat__Reasons) brings its words here: reason.{slug}, without placeholders.
                    var shipped = english.GetValueOrDefault(key) ?? (key.StartsWith("reason.", StringComparison.Ordinal) ? "" : null);
                    if (require(shipped is not null, $"Csat__TextsDirectory: {path} has the key \"{key}\", which no page or email uses.")
                        && require(Placeholders(text).SetEquals(Placeholders(shipped!)), $"Csat__TextsDirectory: {path} must keep the placeholders of \"{key}\": {string.Join(", ", Placeholders(shipped!).Order())}."))
                    {
                        texts[key] = text;
                    }
                }
            }

            loaded[code] = new Language(code, texts, isOne);
        }

        return new Languages(loaded, defaultCode);
    }

    private static Dictionary<string, string> Read(Stream json) =>
        JsonSerializer.Deserialize(json, CsatJson.Default.DictionaryStringString) ?? [];

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{[a-z]+\}")]
    internal static partial Regex Placeholder();
}
