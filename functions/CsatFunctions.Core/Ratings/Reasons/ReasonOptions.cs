using CsatFunctions.Languages;
using CsatFunctions.Surveys;

namespace CsatFunctions.Ratings.Reasons;

/// <summary>
/// <c>Csat__Reasons</c>: the reasons the rating form offers with an answer at the bottom of the scale,
/// as slugs whose words are the texts <c>reason.{slug}</c> of the language files.
/// </summary>
public sealed record ReasonOptions
{
    public const string DefaultSetting = "slow-response,not-resolved,communication,other";

    /// <summary>More than this many checkboxes stops being a quick question.</summary>
    public const int MaxReasons = 12;

    public const int MaxSlugLength = 40;

    /// <summary>The slugs in the order the form lists them.</summary>
    public IReadOnlyList<string> Slugs { get; init; } = DefaultSetting.Split(',');

    /// <summary>
    /// What an answer keeps of the reasons a form sent: none unless the answer is at the bottom of the
    /// scale; otherwise the configured ones, once each, in the configured order. A slug no longer
    /// configured (a form opened before a change of settings) is dropped, not refused.
    /// </summary>
    public IReadOnlyList<string> Kept(Survey survey, Rating rating, int? score, IEnumerable<string?> sent)
    {
        if (!survey.Scale.IsBottom(rating, score))
        {
            return [];
        }

        var ticked = sent.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Slugs.Where(ticked.Contains).ToArray();
    }

    /// <summary>A reason's words in <paramref name="language"/>, or in <c>Csat__DefaultLocale</c> when that language has none (a company's own reason translated only there); the slug itself for a reason no longer configured.</summary>
    public static string Words(string slug, Language language, Languages.Languages languages) =>
        language.Has(TextKey(slug)) ? language.Text(TextKey(slug))
        : languages.Default.Has(TextKey(slug)) ? languages.Default.Text(TextKey(slug))
        : slug;

    public static string TextKey(string slug) => "reason." + slug;
}
