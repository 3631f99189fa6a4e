using Azure.Data.Tables;

namespace CsatFunctions.Surveys;

/// <summary>A survey as its row in the surveys table holds it: every column, read back as written.</summary>
public static class SurveyRow
{
    public static TableEntity ToEntity(Survey survey) => new(survey.Id, SurveyTable.RowKey)
    {
        ["Source"] = survey.Source,
        ["TicketId"] = survey.TicketId,
        ["CustomerEmail"] = survey.CustomerEmail,
        ["CustomerName"] = survey.CustomerName,
        ["Subject"] = survey.Subject,
        ["Agent"] = survey.Agent,
        ["Channel"] = survey.Channel,
        ["ResolvedAt"] = survey.ResolvedAt,
        ["ReceivedAt"] = survey.ReceivedAt,
        ["Email"] = survey.Email.ToString(),
        ["SkipReason"] = survey.SkipReason,
        ["Touchpoint"] = survey.Touchpoint,
        ["Company"] = survey.Company,
        ["Locale"] = survey.Locale,
        ["Campaign"] = survey.Campaign,
        ["Scale"] = survey.Scale.Name,
        ["TraceParent"] = survey.TraceParent,
        ["TicketKey"] = survey.TicketKey,
        ["SendAfter"] = survey.SendAfter,
    };

    public static Survey FromEntity(TableEntity entity)
    {
        return new Survey(
            entity.PartitionKey,
            entity.GetString("Source"),
            entity.GetString("TicketId"),
            Optional(entity, "CustomerEmail"),
            Optional(entity, "CustomerName"),
            Optional(entity, "Subject"),
            Optional(entity, "Agent"),
            Optional(entity, "Channel"),
            entity.GetDateTimeOffset("ResolvedAt")!.Value,
            entity.GetDateTimeOffset("ReceivedAt")!.Value)
        {
            Email = Enum.Parse<EmailState>(entity.GetString("Email")),
            SendClaimId = Optional(entity, "SendClaimId"),
            SendClaimExpiresAt = entity.GetDateTimeOffset("SendClaimExpiresAt"),
            SentAt = entity.GetDateTimeOffset("SentAt"),
            SendFailure = Optional(entity, "SendFailure"),
            SkipReason = Optional(entity, "SkipReason"),
            Touchpoint = Optional(entity, "Touchpoint"),
            Company = Optional(entity, "Company"),
            Locale = Optional(entity, "Locale"),
            Campaign = Optional(entity, "Campaign"),
            TraceParent = Optional(entity, "TraceParent"),
            Scale = Scales.Stored(Optional(entity, "Scale")),
            // A merge cannot remove a property, so a three-level answer replacing a number stores -1.
            Score = entity.GetInt32("Score") is { } number && number >= 0 ? number : null,
            Rating = RatingNames.TryParse(Optional(entity, "Rating"), out var rating) ? rating : null,
            Comment = Optional(entity, "Comment"),
            Reasons = List(entity, "Reasons"),
            Tags = List(entity, "Tags"),
            Publish = entity.GetBoolean("Publish") == true,
            RatedAt = entity.GetDateTimeOffset("RatedAt"),
            FirstRatedAt = entity.GetDateTimeOffset("FirstRatedAt"),
            AlertEmailedFor = entity.GetDateTimeOffset("AlertEmailedFor"),
            AlertPostedFor = entity.GetDateTimeOffset("AlertPostedFor"),
            KudosPostedFor = entity.GetDateTimeOffset("KudosPostedFor"),
            ProcessedAt = entity.GetDateTimeOffset("ProcessedAt"),
            DeliveredAt = entity.GetDateTimeOffset("DeliveredAt"),
            UndeliverableBecause = Optional(entity, "UndeliverableBecause"),
            Reminder = Optional(entity, "Reminder") is { } reminder ? Enum.Parse<EmailState>(reminder) : null,
            ReminderClaimId = Optional(entity, "ReminderClaimId"),
            ReminderClaimExpiresAt = entity.GetDateTimeOffset("ReminderClaimExpiresAt"),
            RemindedAt = entity.GetDateTimeOffset("RemindedAt"),
            ReminderFailure = Optional(entity, "ReminderFailure"),
            ReminderProcessedAt = entity.GetDateTimeOffset("ReminderProcessedAt"),
            TicketKey = Optional(entity, "TicketKey"),
            ErasedAt = entity.GetDateTimeOffset("ErasedAt"),
            SendAfter = entity.GetDateTimeOffset("SendAfter"),
            ReopenedAt = entity.GetDateTimeOffset("ReopenedAt"),
            LatestResolvedAt = entity.GetDateTimeOffset("LatestResolvedAt"),
            RefiledFrom = Optional(entity, "RefiledFrom") is { } day ? DateOnly.ParseExact(day, DayFormat, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    /// <summary>How <see cref="Survey.RefiledFrom"/> is stored.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    /// <summary>Between the items of a list column (here and in the day index): no item holds a line break (reasons are slugs, tags are one line).</summary>
    public const char ListSeparator = '\n';

    /// <summary>A list column as <see cref="Lists"/> writes it: one item per line, empty when absent.</summary>
    public static IReadOnlyList<string> List(TableEntity entity, string name) =>
        entity.GetString(name) is { Length: > 0 } value ? value.Split(ListSeparator) : [];

    /// <summary>A list as one column (the table has no list type); items never hold a line break.</summary>
    public static string Lists(IReadOnlyList<string> items) => string.Join(ListSeparator, items);

    private static string? Optional(TableEntity entity, string name) =>
        entity.GetString(name) is { Length: > 0 } value ? value : null;
}
