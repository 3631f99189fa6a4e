using System.Text;
using CsatFunctions.Surveys;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Ratings;

/// <summary>The pages a customer sees after clicking a rating link.</summary>
public sealed class RatingPages(CsatOptions options)
{
    /// <param name="chosen">The answer's wire value (<c>excellent</c>, <c>4</c>), preselected; null for none.</param>
    public IResult Form(Survey survey, string token, string? chosen, string? comment, string? error, int statusCode = StatusCodes.Status200OK, bool publish = false)
    {
        var body = new StringBuilder();
        if (survey.Subject is not null)
        {
            body.Append("<p>About: <strong>").Append(HtmlPage.Encode(survey.Subject)).Append("</strong></p>");
        }

        if (survey.Rating is { } previous)
        {
            body.Append("<p>You rated this ").Append(HtmlPage.Encode(Scale.Show(previous, survey.Score))).Append(" before. Sending again replaces that answer.</p>");
        }

        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</p>");
        }

        // A relative action posts back to /api/ratings/{token} wherever the site is mounted.
        body.Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(token)).Append("\">")
            .Append("<fieldset><legend>").Append(HtmlPage.Encode(survey.Scale.Question(options.CompanyName))).Append(" Please confirm:</legend>");
        foreach (var (value, label) in survey.Scale.Choices)
        {
            body.Append("<label class=\"choice\"><input type=\"radio\" name=\"rating\" required value=\"").Append(value).Append('"')
                .Append(value == chosen ? " checked" : "").Append("> ").Append(HtmlPage.Encode(label)).Append("</label>");
        }

        body.Append("</fieldset><p><label for=\"comment\">Anything you would like to add? (optional)</label><br>")
            .Append("<textarea id=\"comment\" name=\"comment\" maxlength=\"").Append(RatingRecorder.MaxCommentLength).Append("\">")
            .Append(HtmlPage.Encode(comment ?? "")).Append("</textarea></p>")
            .Append("<p><label><input type=\"checkbox\" name=\"publish\" value=\"on\"").Append(publish ? " checked" : "")
            .Append("> You may publish my comment with my first name</label></p>")
            .Append("<p><button type=\"submit\">Send my rating</button></p></form>");

        var title = survey.Scale.Choices.FirstOrDefault(c => c.Value == chosen) is { Label: { } chosenLabel } ? $"You chose: {chosenLabel}" : "How did we do?";
        return HtmlPage.Render(statusCode, title, options.CompanyName, body.ToString());
    }

    public IResult ThankYou(string shown, string? comment)
    {
        var body = new StringBuilder()
            .Append("<p>We recorded your rating: <strong>").Append(HtmlPage.Encode(shown)).Append("</strong>.</p>");
        if (comment is not null)
        {
            body.Append("<p>Your comment:</p><blockquote>").Append(HtmlPage.Encode(comment)).Append("</blockquote>");
        }

        body.Append("<p>Changed your mind? Use the link in the email again; your latest answer is the one that counts.</p>")
            .Append("<p><a href=\"").Append(HtmlPage.Encode(options.Link("/api/score/page"))).Append("\">See our published score</a></p>");
        return HtmlPage.Render(StatusCodes.Status200OK, "Thank you!", options.CompanyName, body.ToString());
    }

    public IResult BadLink(LinkStatus status) => status == LinkStatus.Expired
        ? HtmlPage.Render(
            StatusCodes.Status410Gone,
            "This rating link has expired",
            options.CompanyName,
            "<p>Rating links stay valid for a while after your ticket is resolved, and this one is past that. Thank you for wanting to tell us; you can always reply to your support conversation instead.</p>")
        : HtmlPage.Render(
            StatusCodes.Status400BadRequest,
            "This rating link is not valid",
            options.CompanyName,
            "<p>The link may have been cut short or changed on its way to you. Please open it again from the email, whole.</p>");

    public IResult TooMany(TimeSpan wait) => new HeaderResult(
        HtmlPage.Render(
            StatusCodes.Status429TooManyRequests,
            "Please wait a moment",
            options.CompanyName,
            "<p>We received many ratings from your connection just now, so this one was not saved. Please go back and send it again in a minute.</p>"),
        ("Retry-After", ClientRateLimits.Seconds(wait)));

    public IResult StorageUnavailable() => new HeaderResult(
        HtmlPage.Render(
            StatusCodes.Status503ServiceUnavailable,
            "Please try again in a moment",
            options.CompanyName,
            "<p>We could not reach our records just now, so nothing was saved. Please try again in a minute.</p>"),
        ("Retry-After", Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
