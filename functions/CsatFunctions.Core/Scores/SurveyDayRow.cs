using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Surveys;

namespace CsatFunctions.Scores;

/// <summary>A survey as the day index files it: what the day's count and the desk's feed read.</summary>
public static class SurveyDayRow
{
    /// <summary>Asked or not, its key in each breakdown, what SendGrid said of its email, whether it was reminded, whether its agent is the customer.</summary>
    public static TableEntity Filing(Survey survey, string partition)
    {
        var entity = new TableEntity(partition, survey.Id)
        {
            ["NotSurveyed"] = survey.Email == EmailState.Skipped,

            // What the desk's feed of answers shows, so a period's answers are read in one query per day.
            ["TicketId"] = survey.TicketId,
            ["ResolvedAt"] = survey.ResolvedAt,
            ["CustomerEmail"] = survey.CustomerEmail ?? "",
            ["CustomerName"] = survey.CustomerName ?? "",
        };
        // The reasons belong to one answer: filed with it, so a filing of the survey read before a change
        // of mind (a delivery event's) never puts back the reasons of the answer before. The tags are
        // filed by the tagger alone (SurveyDayIndex.FileTagsAsync), so a filing of a copy read before a
        // tag was added never takes it off.
        foreach (var breakdown in Breakdowns.All.Where(breakdown => breakdown != AnswerReasons && breakdown != TeamTags))
        {
            entity[breakdown.Column] = breakdown.Filed(survey);
        }

        switch (survey.Delivery)
        {
            case DeliveryState.Delivered:
                entity["Delivered"] = true;
                break;
            case DeliveryState.Undeliverable:
                entity["Undeliverable"] = true;
                break;
        }

        if (survey.RemindedAt is not null)
        {
            entity["Reminded"] = true;
        }

        // Worked out from the customer's name and address, so it goes with them: after erasure the mark
        // would say who the customer was (the agent named beside it).
        entity["AgentIsCustomer"] = survey.AgentIsCustomer;

        return entity;
    }

    /// <summary>The filing with the survey's answer and the reasons given with it; null when it has none.</summary>
    public static TableEntity? Answered(Survey survey, TableEntity filing) =>
        survey is not { Rating: { } rating, RatedAt: { } ratedAt } ? null : new TableEntity(filing)
        {
            ["Rating"] = rating.ToWire(),
            ["Scale"] = survey.Scale.Name,
            ["Score"] = survey.Score ?? -1,
            ["RatedAt"] = ratedAt,
            ["Comment"] = survey.Comment ?? "",
            ["Publish"] = survey.Publish,
            [AnswerReasons.Column] = AnswerReasons.Filed(survey),
        };

    /// <summary>The tags' column with the survey's tags: what only the tagger files.</summary>
    public static TableEntity Tagged(Survey survey, string partition) => new(partition, survey.Id) { [TeamTags.Column] = TeamTags.Filed(survey) };

    private static Breakdown AnswerReasons { get; } = Breakdowns.All.Single(breakdown => breakdown.Name == Breakdowns.Reason);

    private static Breakdown TeamTags { get; } = Breakdowns.All.Single(breakdown => breakdown.Name == Breakdowns.Tag);

    /// <summary>One row of the index as the answer it files, or null when the survey has no answer (yet).</summary>
    public static FiledAnswer? AnswerOf(TableEntity row)
    {
        if (!RatingNames.TryParse(row.GetString("Rating"), out var rating) || row.GetDateTimeOffset("RatedAt") is not { } ratedAt)
        {
            return null;
        }

        string Text(string column) => row.GetString(column) ?? "";
        var day = DayKey.Parse(row.PartitionKey[..8]);
        return new FiledAnswer(
            row.RowKey,
            Text("TicketId"),
            Text("Source"),
            Text("Agent"),
            Text("Channel"),
            Text("Touchpoint") is { Length: > 0 } touchpoint ? touchpoint : null,
            Text("Company") is { Length: > 0 } company ? company : null,
            row.GetDateTimeOffset("ResolvedAt") ?? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            ratedAt,
            Scales.Stored(row.GetString("Scale")),
            rating,
            row.GetInt32("Score") is { } number && number >= 0 ? number : null,
            Text("Comment") is { Length: > 0 } comment ? comment : null,
            row.GetBoolean("Publish") == true,
            Text("CustomerEmail") is { Length: > 0 } email ? email : null,
            Text("CustomerName") is { Length: > 0 } name ? name : null,
            Text("Reasons") is { Length: > 0 } reasons ? reasons.Split(SurveyRow.ListSeparator) : [],
            Text("Tags") is { Length: > 0 } tags ? tags.Split(SurveyRow.ListSeparator) : [],
            row.GetBoolean("AgentIsCustomer") == true);
    }
}
