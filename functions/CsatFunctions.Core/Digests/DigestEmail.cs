using System.Globalization;
using System.Text;
using CsatFunctions.Desk;
using CsatFunctions.Languages;
using CsatFunctions.Scores;
using CsatFunctions.Surveys;
using CsatFunctions.Surveys.Delivery;
using CsatFunctions.Web;
using SendGrid.Helpers.Mail;

namespace CsatFunctions.Digests;

/// <summary>
/// The digests as the team and the account managers read them, in <c>Csat__DefaultLocale</c>: one
/// column at most 600 px wide that narrows to a phone, inline styles only (mail clients drop style
/// sheets), and a plain-text part with the same content. Customers appear by first name at most, never
/// by address; agents and companies by name, as on the desk.
/// </summary>
public sealed class DigestEmail(CsatOptions options, SendGridOptions sendGrid)
{
    /// <summary>Set on every digest, so SendGrid's events about it are never taken for a survey email's.</summary>
    public const string TeamKind = "team-digest";
    public const string ClientKind = "client-digest";

    private Language Language => options.Languages.Default;

    public SendGridMessage Team(TeamDigest digest)
    {
        var language = Language;
        var (from, to) = (DateText(digest.First), DateText(digest.Last));
        var subject = language.Text("digest.weeklySubject", ("from", from), ("to", to));
        var page = new DigestPage(language, subject, language.Text("digest.weeklyIntro", ("from", from), ("to", to)));
        Figures(page, digest.Report.Total, digest.Report.Previous);
        page.Heading(language.Text("digest.followUps"));
        page.Lines(
            digest.OpenFollowUps.Take(TeamDigests.MostFollowUps).Select(followUp => (
                $"{followUp.TicketId} · {followUp.Agent}{(followUp.Company is null ? "" : " · " + followUp.Company)}",
                language.Plural("digest.openFor", DaysOpen(followUp, digest.At), ("count", DaysOpen(followUp, digest.At))))).ToList(),
            digest.OpenFollowUps.Count,
            language.Text("digest.noFollowUps"));
        Comments(page, "digest.bottom", digest.Bottom, digest.BottomCount);
        Comments(page, "digest.best", digest.Best, digest.BestCount);
        page.Heading(language.Text("digest.byAgent"));
        page.Table(
            [language.Text("digest.agent"), language.Text("digest.rated"), language.Text("digest.satisfaction")],
            digest.Report.ByAgent.OrderByDescending(agent => agent.Value.Rated).Select(agent => (IReadOnlyList<string>)[agent.Key, language.Number(agent.Value.Rated), Percent(agent.Value.SatisfactionPercent)]).ToList());
        var message = Compose(options.Digests.WeeklyTo, subject, page);
        message.AddCustomArg(DeliveryEventReader.KindArgument, TeamKind);
        return message;
    }

    public SendGridMessage Client(ClientDigest digest, string accountManagerEmail)
    {
        var language = Language;
        var month = $"{language.MonthName(digest.First.Month)} {digest.First.Year.ToString(CultureInfo.InvariantCulture)}";
        var subject = language.Text("digest.monthlySubject", ("company", digest.Company), ("month", month));
        var page = new DigestPage(language, subject, language.Text("digest.monthlyIntro", ("company", digest.Company), ("month", month)));
        Figures(page, digest.Figures, digest.Previous);
        page.Heading(language.Text("digest.byRating"));
        page.Table(
            ["", ""],
            [
                [language.Text("choice.excellent"), language.Number(digest.Figures.Excellent)],
                [language.Text("choice.satisfactory"), language.Number(digest.Figures.Satisfactory)],
                [language.Text("choice.unsatisfactory"), language.Number(digest.Figures.Unsatisfactory)],
                [language.Text("digest.bottomCount"), language.Number(digest.BottomComments)],
                [language.Text("digest.followUps"), language.Number(digest.OpenFollowUps)],
            ]);
        page.Heading(language.Text("digest.report"));
        page.Link(digest.ReportUrl, language.Text("digest.reportNote", ("company", digest.Company), ("month", month), ("expires", LocalDate(digest.ReportExpiresAt))));
        var message = Compose([accountManagerEmail], subject, page);
        message.AddCustomArg(DeliveryEventReader.KindArgument, ClientKind);
        return message;
    }

    private void Figures(DigestPage page, ScoreWindow now, ScoreWindow before)
    {
        var language = Language;
        page.Heading(language.Text("digest.figures"));
        page.Table(
            ["", language.Text("digest.thisPeriod"), language.Text("digest.previousPeriod"), language.Text("digest.change")],
            [
                [language.Text("digest.satisfaction"), Percent(now.SatisfactionPercent), Percent(before.SatisfactionPercent), Points(now.SatisfactionPercent, before.SatisfactionPercent)],
                [language.Text("digest.rated"), language.Number(now.Rated), language.Number(before.Rated), Signed(now.Rated - before.Rated)],
                [language.Text("digest.responseRate"), Percent(now.ResponseRatePercent), Percent(before.ResponseRatePercent), Points(now.ResponseRatePercent, before.ResponseRatePercent)],
            ]);
    }

    private void Comments(DigestPage page, string heading, IReadOnlyList<AnswerItem> answers, int total)
    {
        var language = Language;
        page.Heading(language.Text(heading));
        page.Lines(
            answers.Select(answer => ($"“{answer.Comment}”", string.Join(" · ", new[] { answer.Score?.ToString(CultureInfo.InvariantCulture) ?? language.Text("choice." + answer.Rating), answer.TicketId, answer.Agent, answer.Company, CustomerFirstName.Of(answer.CustomerName) }.Where(part => !string.IsNullOrEmpty(part))))).ToList(),
            total,
            language.Text("digest.noComments"));
    }

    private static long DaysOpen(Ratings.FollowUps.FollowUp followUp, DateTimeOffset at) => Math.Max(0, (long)(at - followUp.OpenedAt).TotalDays);

    /// <summary>The local day (<c>Csat__TimeZone</c>) an instant falls on, as the language writes dates.</summary>
    private string LocalDate(DateTimeOffset at) => Language.Date(new DateTimeOffset(TimeZoneInfo.ConvertTime(at, options.Digests.TimeZone).DateTime, TimeSpan.Zero));

    private string DateText(DateOnly day) => Language.Date(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>As the desk writes a percentage, with the same en dash for none.</summary>
    private static string Percent(decimal? percent) => Desk.Sections.HeadlineSection.Percent(percent);

    /// <summary>A change of a rate in percentage points, abbreviated as the language does (<c>digest.points</c>).</summary>
    private string Points(decimal? now, decimal? before) =>
        now is { } a && before is { } b ? Language.Text("digest.points", ("points", (a - b).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture))) : Percent(null);

    private static string Signed(int change) => change.ToString("+0;-0;0", CultureInfo.InvariantCulture);

    private SendGridMessage Compose(IReadOnlyList<string> to, string subject, DigestPage page)
    {
        // One email with every recipient in To: the team sees who else got it, and it is one send to claim.
        var message = MailHelper.CreateSingleEmailToMultipleRecipients(
            new EmailAddress(sendGrid.FromEmail, sendGrid.FromName),
            [.. to.Select(address => new EmailAddress(address))],
            subject,
            page.Text,
            page.Markup,
            showAllRecipients: true);
        return message;
    }
}
