using CsatFunctions.Languages;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Ratings;

/// <summary>The pages a customer sees after clicking a rating link, in the survey's language (or <c>Csat__DefaultLocale</c> when no survey is known).</summary>
public sealed class RatingPages(CsatOptions options)
{
    /// <param name="chosen">The answer's wire value (<c>excellent</c>, <c>4</c>), preselected; null for none.</param>
    /// <param name="error">A text key of the form's errors (<c>form.errorChoose</c>) and its values; null for none.</param>
    public IResult Form(Survey survey, string token, string? chosen, string? comment, (string Key, (string, object)[] Values)? error, int statusCode = StatusCodes.Status200OK, bool publish = false)
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

        body.Append($"""<p><button type="submit">{language.Text("form.send")}</button></p></form>""");

        var title = chosen is not null && survey.Scale.Values.Contains(chosen)
            ? language.Text("form.titleChosen", ("choice", survey.Scale.Label(chosen, language)))
            : language.Text("form.title");
        return Page(statusCode, title, body.ToHtml(), language);
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
            .Append($"""<p><a href="{options.Link("/api/score/page")}">{language.Text("thanks.seeScore")}</a></p>""");
        return Page(StatusCodes.Status200OK, language.Text("thanks.title"), body.ToHtml(), language);
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
