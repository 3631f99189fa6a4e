using CsatFunctions.Scores;
using CsatFunctions.Surveys;

namespace CsatFunctions.Tags;

/// <summary>What tagging did: the survey was not an answer on the desk, the change would pass the limit, or the tags now on the answer.</summary>
public sealed record TaggingOutcome(bool Found, bool TooMany, IReadOnlyList<string> Tags)
{
    public static readonly TaggingOutcome NotFound = new(false, false, []);
}

/// <summary>
/// Changes the team's tags on an answer. The survey row holds them, changed conditionally on the row
/// as read and tried again on a clash, so two people tagging at once both keep their tag. The survey's
/// day index row is then filed again, its tags with it (the only writer of that column: other filings
/// may carry a copy read before the tag), and its day marked, so the next refresh counts it by tag. Two
/// filings racing may land in either order, so each tagger, after filing, reads the row once more and
/// files again until what is filed is what the row holds: the last filing is always a fresh one.
/// </summary>
public sealed class AnswerTagging(SurveyTable surveys, SurveyDayIndex dayIndex, ScoreChangeLog changes, TagsUsed used)
{
    /// <param name="change">The new tags from the current ones; any number, trimmed and checked by <see cref="AnswerTagList.Read"/>.</param>
    public async Task<TaggingOutcome> ChangeAsync(string surveyId, Func<IReadOnlyList<string>, IEnumerable<string>> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Only answers on the desk are tagged: a campaign's answers are counted in its own report.
            if (!SurveyId.IsWellFormed(surveyId) || await surveys.GetAsync(surveyId, cancellationToken) is not { Survey: { RatedAt: not null, Campaign: null } survey } stored)
            {
                return TaggingOutcome.NotFound;
            }

            var tags = AnswerTagList.Distinct(change(survey.Tags));
            if (tags.Count > AnswerTagList.MaxPerAnswer)
            {
                return new TaggingOutcome(true, true, survey.Tags);
            }

            if (tags.SequenceEqual(survey.Tags, StringComparer.Ordinal))
            {
                // Nothing to change; filed again all the same, in case an earlier tagger stopped before filing.
                await FileAsync(survey, cancellationToken);
                return new TaggingOutcome(true, false, tags);
            }

            if (await surveys.TryMergeAsync(stored, new Dictionary<string, object> { ["Tags"] = SurveyRow.Lists(tags) }, cancellationToken))
            {
                // Stored: a client going away now must not leave the counts behind the row.
                var added = tags.Where(tag => !AnswerTagList.Holds(survey.Tags, tag)).ToList();
                var spelled = await used.NoteAsync(added, CancellationToken.None);
                if (!spelled.SequenceEqual(added, StringComparer.Ordinal))
                {
                    // Someone gave a new tag in another case at the same time and their spelling was kept
                    // first: the answer takes it too, so the report counts the tag once.
                    var respelling = added.Zip(spelled).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
                    (change, cancellationToken) = (current => current.Select(tag => respelling.GetValueOrDefault(tag, tag)), CancellationToken.None);
                    continue;
                }

                await FileAsync(survey with { Tags = tags }, CancellationToken.None);
                return new TaggingOutcome(true, false, tags);
            }

            // Changed meanwhile (someone else tagged it, or the customer answered again): read it again.
        }
    }

    private async Task FileAsync(Survey survey, CancellationToken cancellationToken)
    {
        var filed = survey;
        while (true)
        {
            await dayIndex.FileAsync(filed, cancellationToken);
            await dayIndex.FileTagsAsync(filed, cancellationToken);
            await changes.MarkAsync(filed.ResolvedDay, filed.Id, cancellationToken);
            if ((await surveys.GetAsync(filed.Id, cancellationToken))?.Survey is not { } now || now.Tags.SequenceEqual(filed.Tags, StringComparer.Ordinal))
            {
                return;
            }

            filed = now;
        }
    }
}
