using System.Text.RegularExpressions;
using CsatFunctions.Settings;

namespace CsatFunctions.Ratings.Reasons;

/// <summary>Reads and checks <c>Csat__Reasons</c>, one line per problem.</summary>
public static partial class ReasonSettings
{
    private const string Key = "Csat__Reasons";

    /// <param name="languages">The loaded texts, with any <c>Csat__TextsDirectory</c> overrides: every reason needs words in the default locale.</param>
    public static ReasonOptions Read(SettingsReader settings, Languages.Languages languages)
    {
        var slugs = (settings.Text(Key) ?? ReasonOptions.DefaultSetting)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        settings.Require(slugs.Length <= ReasonOptions.MaxReasons, $"{Key} may list at most {ReasonOptions.MaxReasons} reasons.");
        // The form shows the reasons in the configured order; the set only finds a slug listed twice.
        var reasons = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slug in slugs)
        {
            if (!settings.Require(slug.Length <= ReasonOptions.MaxSlugLength && Slug().IsMatch(slug), $"{Key}: \"{Shown(slug)}\" must be a slug of lowercase letters, digits and single hyphens, at most {ReasonOptions.MaxSlugLength} characters, such as slow-response."))
            {
                continue;
            }

            if (!settings.Require(seen.Add(slug), $"{Key} lists {slug} twice."))
            {
                continue;
            }

            reasons.Add(slug);
            settings.Require(
                languages.Default.Has(ReasonOptions.TextKey(slug)),
                $"{Key}: {slug} has no words in the default locale: add \"{ReasonOptions.TextKey(slug)}\" to Csat__TextsDirectory/{languages.Default.Code}.json.");
        }

        return new ReasonOptions { Slugs = reasons };
    }

    /// <summary>A bad slug shown back cut short: it is not a secret, but it may be anything.</summary>
    private static string Shown(string slug) => slug.Length <= ReasonOptions.MaxSlugLength ? slug : slug[..ReasonOptions.MaxSlugLength] + "…";

    /// <summary>Lowercase letters and digits in words joined by single hyphens; the length is checked apart, against <see cref="ReasonOptions.MaxSlugLength"/>.</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
