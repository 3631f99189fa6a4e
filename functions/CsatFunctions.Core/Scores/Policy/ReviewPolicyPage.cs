using System.Globalization;
using System.Xml;
using CsatFunctions.Languages;
using CsatFunctions.Web;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The review policy for people, in plain words and in the page's language: how answers are collected
/// (every resolved ticket, one signed link, no incentive, no gating of review invitations), how the
/// figure is computed and from how many answers it is shown, what may be removed from published
/// comments (with the counts), how long data is kept and how anyone can verify the figure. Every
/// number it states comes from the <see cref="ReviewPolicy"/> of one published document.
/// </summary>
public static class ReviewPolicyPage
{
    /// <param name="asFiles">For the static copy: links point at the files beside it (index.html, verify.html).</param>
    public static string Render(ReviewPolicy policy, Language language, bool asFiles = false)
    {
        var body = Html.Join(
        [
            Html.Of($"<p>{language.Text("policy.intro", ("company", policy.Company))}</p>"),
            Collection(policy, language),
            Figure(policy.Figure, language),
            Comments(policy, language),
            Retention(policy, language),
            Verify(policy, language, asFiles),
            Html.Of($"""<p class="note">{language.Text("page.updated", ("time", policy.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))}""" +
                $""" · <a href="{(asFiles ? "index.html" : "page")}">{language.Text("policy.backToScore")}</a></p>"""),
        ]);
        return HtmlPage.Document(language.Text("policy.title"), policy.Company, body, lang: language.Code, style: Style);
    }

    private const string Style = "li{margin:.3rem 0}ul.counts{padding-left:1.2rem}ul.counts strong{white-space:nowrap}";

    private static Html Collection(ReviewPolicy policy, Language language)
    {
        var collection = policy.Collection;
        var month = policy.Figure.Last30Days;
        var notAsked = new List<string> { language.Text("policy.notAsked.noEmail"), language.Text("policy.notAsked.unsubscribed") };
        if (collection.SurveyCooldownDays > 0)
        {
            notAsked.Add(language.Plural("policy.notAsked.cooldown", collection.SurveyCooldownDays, ("days", collection.SurveyCooldownDays)));
        }

        if (collection.InternalAddressesNotAsked)
        {
            notAsked.Add(language.Text("policy.notAsked.internal"));
        }

        if (collection.SendDelay is { } delay)
        {
            notAsked.Add(language.Text("policy.notAsked.reopened", ("delay", InWords(XmlConvert.ToTimeSpan(delay), language))));
        }

        var lastMonth = language.Text(
            "policy.lastMonth",
            ("surveyed", month.Surveyed),
            ("unasked", month.NotSurveyed),
            ("rated", month.Rated),
            ("rate", month.ResponseRatePercent is { } rate ? ScoreBadge.Percent(rate) : "–"));
        return Html.Of($"<h2>{language.Text("policy.collect")}</h2><p>{language.Text("policy.everyTicket")}</p><p>{language.Text("policy.oneLink")}</p>" +
            $"<p>{language.Text("policy.notAskedIntro")}</p><ul>{Html.Join(notAsked.Select(item => Html.Of($"<li>{item}</li>")))}</ul>" +
            $"""<p>{language.Text("policy.notAskedCounted")}</p><p class="note">{lastMonth}</p>""" +
            $"<p><strong>{language.Text("policy.noIncentive")}</strong></p><p>{language.Text(collection.ReviewInvitation ? "policy.reviewInvite" : "policy.noReviewInvite")}</p>");
    }

    private static Html Figure(ReviewPolicyFigure figure, Language language)
    {
        var scales = Html.Join(figure.SatisfiedAnswers.Select(scale => Html.Of(
            $"<li>{language.Text("policy.satisfiedAnswers", ("scale", language.Text("policy.scale." + scale.Key)), ("answers", Answers(scale.Value, language)))}</li>")));
        return Html.Of($"<h2>{language.Text("policy.compute")}</h2><p>{language.Text("policy.share")}</p><p>{language.Text("policy.scalesIntro")}</p><ul>{scales}</ul>" +
            $"<p>{language.Text("policy.windows")} {language.Text("policy.responseRate")}</p>" +
            $"<p><strong>{language.Plural("policy.minimum", figure.MinimumRatedToShow, ("minimum", figure.MinimumRatedToShow))}</strong></p>");
    }

    private static Html Comments(ReviewPolicy policy, Language language)
    {
        var reasons = Html.Join(policy.RemovedByReason.Select(removed => Html.Of(
            $"""<li data-reason="{removed.Key}">{language.Text("policy.reason." + removed.Key)}: <strong>{language.Plural("policy.removed", removed.Value, ("count", removed.Value))}</strong></li>""")));
        return Html.Of($"""<h2>{language.Text("policy.comments")}</h2><p>{language.Text("policy.consent")}</p><p>{language.Text("policy.removalIntro")}</p><ul class="counts">{reasons}</ul>""");
    }

    private static Html Retention(ReviewPolicy policy, Language language) => Html.Of(
        $"<h2>{language.Text("policy.retention")}</h2><p>{(policy.RetentionDays is { } days ? language.Plural("policy.retentionDays", days, ("days", days)) : language.Text("policy.keptUntilErased"))}</p>" +
        $"<p>{language.Text("policy.erasure")}</p>");

    private static Html Verify(ReviewPolicy policy, Language language, bool asFiles)
    {
        var link = (asFiles ? "verify.html" : policy.VerifyUrl) is { } verifyPage
            ? Html.Of($"""<p><a href="{verifyPage}">{language.Text("policy.verifyLink")}</a></p>""")
            : Html.Empty;
        return Html.Of($"<h2>{language.Text("policy.verify")}</h2><p>{language.Text("policy.ledger")}</p>{link}");
    }

    /// <summary>The satisfied answers as people read them: words on the three-level scale ("excellent and satisfactory"), a range on numbered ones ("7–10").</summary>
    private static string Answers(IReadOnlyList<string> answers, Language language)
    {
        var numbers = answers.Select(answer => int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToList();
        if (numbers.All(n => n is not null) && numbers.Count > 1 && numbers[^1] - numbers[0] == numbers.Count - 1)
        {
            return $"{numbers[0]}–{numbers[^1]}";
        }

        var words = answers.Select(answer => language.Has("choice." + answer) ? language.Text("choice." + answer).ToLowerInvariant() : answer).ToList();
        return words.Count == 1 ? words[0] : language.Text("policy.and", ("first", string.Join(", ", words.SkipLast(1))), ("last", words[^1]));
    }

    /// <summary>A send delay in the largest whole unit that says it exactly, as people say it: "24 hours" (not "1 day"), "2 days", "90 seconds".</summary>
    public static string InWords(TimeSpan delay, Language language)
    {
        var (unit, count) = delay.Ticks % TimeSpan.TicksPerDay == 0 && delay.TotalDays >= 2 ? ("days", (long)delay.TotalDays)
            : delay.Ticks % TimeSpan.TicksPerHour == 0 ? ("hours", (long)delay.TotalHours)
            : delay.Ticks % TimeSpan.TicksPerMinute == 0 ? ("minutes", (long)delay.TotalMinutes)
            : ("seconds", (long)Math.Ceiling(delay.TotalSeconds));
        return language.Plural("policy.duration." + unit, count, ("count", count));
    }
}
