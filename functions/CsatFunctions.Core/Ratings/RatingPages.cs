using CsatFunctions.Languages;
using CsatFunctions.Ratings.Reasons;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Ratings;

/// <summary>The pages a customer sees after clicking a rating link, in the survey's language (or <c>Csat__DefaultLocale</c> when no survey is known).</summary>
public sealed class RatingPages(CsatOptions options)
{
    /// <summary>The reasons the form offers, which the recorder reads back.</summary>
    public ReasonOptions Reasons => options.Reasons;

    /// <param name="chosen">The answer's wire value (<c>excellent</c>, <c>4</c>), preselected; null for none.</param>
    /// <param name="error">A text key of the form's errors (<c>form.errorChoose</c>) and its values; null for none.</param>
    /// <param name="reasons">The reasons ticked before (a previous answer's, or a refused form's).</param>
    public IResult Form(Survey survey, string token, string? chosen, string? comment, (string Key, (string, object)[] Values)? error, int statusCode = StatusCodes.Status200OK, bool publish = false, IReadOnlyList<string>? reasons = null)
    {
        var language = options.Languages.For(survey.Locale);
        var body = new HtmlBuilder();
        if (survey.Subject is not null)
        {
            body.Append($"<p>{language.Text("form.about")} <strong>{survey.Subject}</strong></p>");
        }

        if (survey.Rating is { } previous)
        {
            body.Append($"<p>{language.Text("form.previous", ("answer", Scale.Show(previous, survey.Score, language)))}</p>");
        }

        if (error is var (key, values))
        {
            body.Append($"""<p class="error" role="alert">{language.Text(key, values)}</p>""");
        }

        // A relative action posts back to /api/ratings/{token} wherever the site is mounted.
        body.Append($"""<form method="post" action="{token}"><fieldset><legend>{survey.Scale.Question(language, options.CompanyName)} {language.Text("form.confirm")}</legend>""");
        foreach (var (value, label) in survey.Scale.Choices(language))
        {
            body.Append($"""<label class="choice"><input type="radio" name="rating" required value="{value}"{(value == chosen ? " checked" : "")}> {label}</label>""");
        }

        body.Append($"""</fieldset><p><label for="comment">{language.Text("form.comment")}</label><br><textarea id="comment" name="comment" maxlength="{RatingRecorder.MaxCommentLength}">{comment}</textarea></p>""");
        if (survey.Campaign is null)
        {
            body.Append($"""<p><label><input type="checkbox" name="publish" value="on"{(publish ? " checked" : "")}> {language.Text("form.publish")}</label></p>""");
        }

        if (survey.Scale.TryRead(chosen, out var bucket, out var score) && survey.Scale.IsBottom(bucket, score))
        {
            body.Append(ReasonChoices(survey, language, reasons ?? []));
        }

        body.Append($"""<p><button type="submit">{language.Text("form.send")}</button></p></form>""");

        var title = chosen is not null && survey.Scale.Values.Contains(chosen)
            ? language.Text("form.titleChosen", ("choice", survey.Scale.Label(chosen, language)))
            : language.Text("form.title");
        return Page(statusCode, title, body.ToHtml(), language);
    }

    /// <summary>
    /// The reasons as optional checkboxes, offered when the chosen answer is at the bottom of the scale.
    /// Without script the form cannot hide them when the customer picks another answer, so the legend
    /// names the answers they are kept with, and the recorder drops them with any other.
    /// </summary>
    private Html ReasonChoices(Survey survey, Language language, IReadOnlyList<string> ticked)
    {
        var bottom = survey.Scale.Values.Where(value => survey.Scale.TryRead(value, out var bucket, out var score) && survey.Scale.IsBottom(bucket, score)).ToArray();
        var answer = bottom.Length == 1 ? survey.Scale.Label(bottom[0], language) : $"{bottom[0]}–{bottom[^1]}";
        var boxes = Html.Join(options.Reasons.Slugs.Select(slug => Html.Of(
            $"""<label class="choice"><input type="checkbox" name="reason" value="{slug}"{(ticked.Contains(slug) ? " checked" : "")}> {ReasonOptions.Words(slug, language, options.Languages)}</label>""")));
        return Html.Of($"""<fieldset class="reasons"><legend>{language.Text("form.reasons", ("answer", answer))}</legend>{boxes}</fieldset>""");
    }

    public IResult ThankYou(Survey survey, Rating rating, int? score, string? comment)
    {
        var language = options.Languages.For(survey.Locale);
        var body = new HtmlBuilder().Append($"<p>{language.Text("thanks.recorded", ("answer", Scale.Show(rating, score, language)))}</p>");
        if (comment is not null)
        {
            body.Append($"<p>{language.Text("thanks.comment")}</p><blockquote>{comment}</blockquote>");
        }

        // A campaign's answers are not in the ticket ledger.
        if (survey.Campaign is null)
        {
            var receipt = Ledger.LedgerEntry.IdOf(options.LedgerKey, survey.Id);
            var find = options.VerifyPage(receipt) is { } verify ? Html.Of($""" <a href="{verify}">{language.Text("thanks.findReceipt")}</a>""") : Html.Empty;
            body.Append($"""<p class="note">{language.Text("thanks.receipt", ("receipt", receipt))}{find}</p>""");
        }

        body.Append($"<p>{language.Text("thanks.changeMind")}</p>")
            .Append(ReviewInvite(language))
            .Append($"""<p><a href="{options.Link("/api/score/page")}">{language.Text("thanks.seeScore")}</a></p>""");
        return Page(StatusCodes.Status200OK, language.Text("thanks.title"), body.ToHtml(), language);
    }

    /// <summary>
    /// <c>Csat__ReviewInviteUrl</c>'s invitation: the same words for every respondent, whatever they
    /// answered, so nobody is steered to a review site by their rating (review gating, which Google
    /// and Trustpilot forbid). It depends on the language alone, never on the survey or its answer.
    /// A plain link, so it works without script; no referrer, as the page's URL holds the rating link.
    /// </summary>
    private Html ReviewInvite(Language language)
    {
        if (options.ReviewInviteUrl is not { } url)
        {
            return Html.Empty;
        }

        var site = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;
        return Html.Of($"""<p class="review-invite">{language.Text("thanks.reviewInvite", ("company", options.CompanyName), ("site", site))}<br><a href="{url.AbsoluteUri}" rel="noopener noreferrer">{language.Text("thanks.reviewLink", ("site", site))}</a></p>""");
    }

    /// <param name="survey">The link's survey when it is known (an expired link still names one), for its language.</param>
    public IResult BadLink(LinkStatus status, Survey? survey = null) => status == LinkStatus.Expired
        ? Notice(StatusCodes.Status410Gone, "expired", survey)
        : Notice(StatusCodes.Status400BadRequest, "invalid", survey);

    public IResult TooMany(TimeSpan wait) => new HeaderResult(
        Notice(StatusCodes.Status429TooManyRequests, "wait", null),
        ("Retry-After", ClientRateLimits.Seconds(wait)));

    /// <summary>A page of one paragraph, titled and written by the texts <c>{name}.title</c> and <c>{name}.text</c>.</summary>
    public IResult Notice(int statusCode, string name, Survey? survey, params (string, object)[] values)
    {
        var language = options.Languages.For(survey?.Locale);
        return Page(statusCode, language.Text(name + ".title"), Html.Of($"<p>{language.Text(name + ".text", values)}</p>"), language);
    }

    public IResult Page(int statusCode, string title, Html body, Language language) =>
        HtmlPage.Render(statusCode, title, options.CompanyName, body, lang: language.Code);
}
