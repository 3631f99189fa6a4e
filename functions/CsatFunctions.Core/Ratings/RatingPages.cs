using System.Text;
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
        var body = new StringBuilder();
        if (survey.Subject is not null)
        {
            body.Append("<p>").Append(HtmlPage.Encode(language.Text("form.about"))).Append(" <strong>").Append(HtmlPage.Encode(survey.Subject)).Append("</strong></p>");
        }

        if (survey.Rating is { } previous)
        {
            body.Append("<p>").Append(HtmlPage.Encode(language.Text("form.previous", ("answer", Scale.Show(previous, survey.Score, language))))).Append("</p>");
        }

        if (error is var (key, values))
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(language.Text(key, values))).Append("</p>");
        }

        // A relative action posts back to /api/ratings/{token} wherever the site is mounted.
        body.Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(token)).Append("\">")
            .Append("<fieldset><legend>").Append(HtmlPage.Encode(survey.Scale.Question(language, options.CompanyName))).Append(' ')
            .Append(HtmlPage.Encode(language.Text("form.confirm"))).Append("</legend>");
        foreach (var (value, label) in survey.Scale.Choices(language))
        {
            body.Append("<label class=\"choice\"><input type=\"radio\" name=\"rating\" required value=\"").Append(value).Append('"')
                .Append(value == chosen ? " checked" : "").Append("> ").Append(HtmlPage.Encode(label)).Append("</label>");
        }

        body.Append("</fieldset><p><label for=\"comment\">").Append(HtmlPage.Encode(language.Text("form.comment"))).Append("</label><br>")
            .Append("<textarea id=\"comment\" name=\"comment\" maxlength=\"").Append(RatingRecorder.MaxCommentLength).Append("\">")
            .Append(HtmlPage.Encode(comment ?? "")).Append("</textarea></p>");
        if (survey.Campaign is null)
        {
            body.Append("<p><label><input type=\"checkbox\" name=\"publish\" value=\"on\"").Append(publish ? " checked" : "")
                .Append("> ").Append(HtmlPage.Encode(language.Text("form.publish"))).Append("</label></p>");
        }

        body.Append("<p><button type=\"submit\">").Append(HtmlPage.Encode(language.Text("form.send"))).Append("</button></p></form>");

        var title = chosen is not null && survey.Scale.Values.Contains(chosen)
            ? language.Text("form.titleChosen", ("choice", survey.Scale.Label(chosen, language)))
            : language.Text("form.title");
        return Page(statusCode, title, body.ToString(), language);
    }

    public IResult ThankYou(Survey survey, Rating rating, int? score, string? comment)
    {
        var language = options.Languages.For(survey.Locale);
        var body = new StringBuilder()
            .Append("<p>").Append(HtmlPage.Encode(language.Text("thanks.recorded", ("answer", Scale.Show(rating, score, language))))).Append("</p>");
        if (comment is not null)
        {
            body.Append("<p>").Append(HtmlPage.Encode(language.Text("thanks.comment"))).Append("</p><blockquote>").Append(HtmlPage.Encode(comment)).Append("</blockquote>");
        }

        // A campaign's answers are not in the ticket ledger.
        if (survey.Campaign is null)
        {
            var receipt = Ledger.LedgerEntry.IdOf(options.LedgerKey, survey.Id);
            body.Append("<p class=\"note\">").Append(HtmlPage.Encode(language.Text("thanks.receipt", ("receipt", receipt))));
            if (options.VerifyPage(receipt) is { } verify)
            {
                body.Append(" <a href=\"").Append(HtmlPage.Encode(verify)).Append("\">").Append(HtmlPage.Encode(language.Text("thanks.findReceipt"))).Append("</a>");
            }

            body.Append("</p>");
        }

        body.Append("<p>").Append(HtmlPage.Encode(language.Text("thanks.changeMind"))).Append("</p>")
            .Append("<p><a href=\"").Append(HtmlPage.Encode(options.Link("/api/score/page"))).Append("\">").Append(HtmlPage.Encode(language.Text("thanks.seeScore"))).Append("</a></p>");
        return Page(StatusCodes.Status200OK, language.Text("thanks.title"), body.ToString(), language);
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
        return Page(statusCode, language.Text(name + ".title"), "<p>" + HtmlPage.Encode(language.Text(name + ".text", values)) + "</p>", language);
    }

    public IResult Page(int statusCode, string title, string bodyHtml, Language language) =>
        HtmlPage.Render(statusCode, title, options.CompanyName, bodyHtml, lang: language.Code);
}
