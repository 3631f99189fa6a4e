using System.Text.RegularExpressions;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>Reads a sent survey email the way a customer's mail client shows it.</summary>
public static partial class SurveyMail
{
    public static string SurveyIdOf(ReceivedMail mail) => mail.Json["personalizations"]![0]!["custom_args"]!["survey_id"]!.GetValue<string>();

    public static string ToAddressOf(ReceivedMail mail) => mail.Json["personalizations"]![0]!["to"]![0]!["email"]!.GetValue<string>();

    public static string Text(ReceivedMail mail, string type) =>
        mail.Json["content"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!["value"]!.GetValue<string>();

    /// <summary>The one-click link for a rating, as a path and query on the host under test.</summary>
    public static string LinkFor(ReceivedMail mail, string rating)
    {
        var url = RatingLink().Matches(Text(mail, "text/plain")).Select(m => m.Value).Single(u => u.EndsWith("?rating=" + rating, StringComparison.Ordinal));
        Assert.StartsWith(PipelineHost.PublicBaseUrl + "/api/ratings/", url);
        return url[PipelineHost.PublicBaseUrl.Length..];
    }

    /// <summary>The path a rating is POSTed to: any rating link without its query, on any scale.</summary>
    public static string PostPathFor(ReceivedMail mail) =>
        RatingLink().Match(Text(mail, "text/plain")).Value.Split('?')[0][PipelineHost.PublicBaseUrl.Length..];

    public static string TokenOf(ReceivedMail mail) => PostPathFor(mail)["/api/ratings/".Length..];

    /// <summary>The unsubscribe link of the email's <c>List-Unsubscribe</c> header, as a path on the host under test.</summary>
    public static string UnsubscribePathFor(ReceivedMail mail) =>
        mail.Json["personalizations"]![0]!["headers"]!["List-Unsubscribe"]!.GetValue<string>().Trim('<', '>')[PipelineHost.PublicBaseUrl.Length..];

    [GeneratedRegex(@"https?://\S+/api/ratings/\S+")]
    private static partial Regex RatingLink();
}
