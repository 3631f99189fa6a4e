using System.Globalization;
using System.Xml;
using CsatFunctions.Languages;
using CsatFunctions.Web;

namespace CsatFunctions.Scores.Policy;

/// <summary>
/// The review policy for people, in plain words and in the page's language: how answers are collected
/// (every resolved ticket, one signed link, no incentive, no gating of review invitations), how the
/// figure is computed and from how many answers it is shown, what may be removed from published
/// comments (with the counts among the comments held now), how long data is kept and how anyone can
/// verify the figure, or that the ledger is not published. Every number it states comes from the
/// <see cref="ReviewPolicy"/> of one published document, and every sentence that depends on a setting
/// is said only under that setting.
/// </summary>
public static class ReviewPolicyPage
{
    /// <param name="languages">Every language the policy is published in, each linked from the others.</param>
    /// <param name="asFiles">For the static copy: links point at the files beside it (index.html, verify.html, policy.{code}.html).</param>
    public static string Render(ReviewPolicy policy, Language language, IReadOnlyList<Language> languages, bool asFiles = false)
    {
        var body = Html.Join(
        [
            OtherLanguages(language, languages, asFiles),
            Html.Of($"<p>{language.Text(policy.Ledger.Published ? "policy.intro" : "policy.introWithoutLedger", ("company", policy.Company))}</p>"),
            Collection(policy, language),
            Figure(policy.Figure, language),
            Comments(policy, language),
            Retention(policy, language),
            Verify(policy.Ledger, language, asFiles),
            Html.Of($"""<p class="note">{language.Text("page.updated", ("time", policy.GeneratedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))}""" +
                $""" · <a href="{(asFiles ? "index.html" : "page")}">{language.Text("policy.backToScore")}</a></p>"""),
        ]);
        return HtmlPage.Document(language.Text("policy.title"), policy.Company, body, lang: language.Code, style: Style);
    }

    private const string Style = "li{margin:.3rem 0}ul.counts{padding-left:1.2rem}ul.counts strong{white-space:nowrap}p.languages a{white-space:nowrap}";

    /// <summary>
    /// The policy in the other languages, each named in its own words and marked as written in it: plain
    /// links, so they work without script (the page has none), to <c>?lang=</c> or to the file of that language.
    /// A line that wraps keeps each dot after the name before it.
    /// </summary>
    private static Html OtherLanguages(Language language, IReadOnlyList<Language> languages, bool asFiles)
    {
        var links = languages.Where(other => other.Code != language.Code).Select(other =>
            Html.Of($"""<a href="{(asFiles ? $"policy.{other.Code}.html" : $"policy?lang={other.Code}")}" hreflang="{other.Code}" lang="{other.Code}">{other.Text("language.name")}</a>""")).ToList();
        return links.Count == 0
            ? Html.Empty
            : Html.Of($"""<p class="note languages">{language.Text("policy.otherLanguages")} {Html.Join(links.Select((link, i) => i == 0 ? link : Html.Of($"\u00a0· {link}")))}</p>""");
    }

    private static Html Collection(ReviewPolicy policy, Language language)
    {
        var collection = policy.Collection;
        var month = policy.Figure.Last30Days;
        var lastMonth = language.Text(
            "policy.lastMonth",
            ("surveyed", month.Surveyed),
            ("unasked", month.NotSurveyed),
            ("rated", month.Rated),
            ("rate", month.ResponseRatePercent is { } rate ? ScoreBadge.Percent(rate) : "–"));
        return Html.Of($"<h2>{language.Text("policy.collect")}</h2><p>{language.Text("policy.everyTicket")}</p><p>{HowAsked(collection, language)}</p>" +
            $"<p>{language.Text("policy.notAskedIntro")}</p><ul>{Html.Join(NotAsked(policy, language).Select(item => Html.Of($"<li>{item}</li>")))}</ul>" +
            $"""<p>{language.Text("policy.notAskedCounted")}</p><p>{language.Text("policy.agentIsCustomer")}</p><p class="note">{lastMonth}</p>""" +
            $"<p><strong>{language.Text("policy.noIncentive")}</strong></p><p>{language.Text(collection.ReviewInvitation ? "policy.reviewInvite" : "policy.noReviewInvite")}</p>");
    }

    /// <summary>One link per ticket, and, as configured, the one reminder with it and the asking again after a reopen.</summary>
    private static string HowAsked(ReviewPolicyCollection collection, Language language)
    {
        var sentences = new List<string> { language.Text("policy.oneLink") };
        if (collection.ReminderAfterDays > 0)
        {
            sentences.Add(language.Plural("policy.reminder", collection.ReminderAfterDays, ("days", collection.ReminderAfterDays)));
        }

        if (collection.ReopenAfterEmail == "ask-again")
        {
            sentences.Add(language.Text("policy.askAgain"));
        }

        return string.Join(" ", sentences);
    }

    /// <summary>
    /// Why a counted ticket's customer is not asked, each reason only when the running settings can
    /// cause it (without a send delay a reopen cancels nothing). The items carry no closing
    /// punctuation, so none is left dangling whichever item comes last.
    /// </summary>
    private static List<string> NotAsked(ReviewPolicy policy, Language language)
    {
        var collection = policy.Collection;
        var notAsked = new List<string> { language.Text("policy.notAsked.noEmail"), language.Text("policy.notAsked.unsubscribed") };
        if (collection.SurveyCooldownDays > 0)
        {
            notAsked.Add(language.Plural("policy.notAsked.cooldown", collection.SurveyCooldownDays, ("days", collection.SurveyCooldownDays)));
        }

        if (collection.InternalAddressesNotAsked)
        {
            notAsked.Add(language.Text("policy.notAsked.internal"));
        }

        notAsked.Add(language.Text(policy.RetentionDays is null ? "policy.notAsked.erasedOnRequest" : "policy.notAsked.erased"));
        if (collection.SendDelay is { } delay)
        {
            notAsked.Add(language.Text("policy.notAsked.reopened", ("delay", InWords(XmlConvert.ToTimeSpan(delay), language))));
        }

        return notAsked;
    }

    private static Html Figure(ReviewPolicyFigure figure, Language language)
    {
        var scales = Html.Join(figure.SatisfiedAnswers.Select(scale => Html.Of(
            $"<li>{language.Text("policy.satisfiedAnswers", ("scale", language.Text("policy.scale." + scale.Key)), ("answers", Answers(scale.Value, language)))}</li>")));
        return Html.Of($"<h2>{language.Text("policy.compute")}</h2><p>{language.Text("policy.share")}</p><p>{language.Text("policy.scalesIntro")}</p><ul>{scales}</ul>" +
            $"<p>{language.Text("policy.windows")} {language.Text("policy.responseRate")}</p>" +
            $"<p><strong>{(figure.MinimumRatedToShow > 1 ? language.Text("policy.minimum", ("minimum", figure.MinimumRatedToShow)) : language.Text("policy.minimumOne"))}</strong></p>");
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

    /// <summary>
    /// The ledger as it is published here: not at all (<c>Csat__PublishContainer=off</c>), or as the
    /// transparency log, whose checkpoint is always signed, its verify page linked when its address is known.
    /// </summary>
    private static Html Verify(ReviewPolicyLedger ledger, Language language, bool asFiles)
    {
        var heading = Html.Of($"<h2>{language.Text("policy.verify")}</h2>");
        if (!ledger.Published)
        {
            return Html.Of($"{heading}<p>{language.Text("policy.ledgerOff")}</p>");
        }

        var where = (asFiles ? "verify.html" : ledger.VerifyUrl) is { } verifyPage
            ? Html.Of($"""<p><a href="{verifyPage}">{language.Text("policy.verifyLink")}</a></p>""")
            : Html.Of($"<p>{language.Text("policy.verifyWhere")}</p>");
        var chain = string.Join(" ", language.Text("policy.ledger"), language.Text("policy.checkpoint"), language.Text("policy.receipts"), language.Text("policy.recompute"));
        return Html.Of($"{heading}<p>{chain}</p>{where}");
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
    private static string InWords(TimeSpan delay, Language language)
    {
        var (unit, count) = delay.Ticks % TimeSpan.TicksPerDay == 0 && delay.TotalDays >= 2 ? ("days", (long)delay.TotalDays)
            : delay.Ticks % TimeSpan.TicksPerHour == 0 ? ("hours", (long)delay.TotalHours)
            : delay.Ticks % TimeSpan.TicksPerMinute == 0 ? ("minutes", (long)delay.TotalMinutes)
            : ("seconds", (long)Math.Ceiling(delay.TotalSeconds));
        return language.Plural("policy.duration." + unit, count, ("count", count));
    }
}
