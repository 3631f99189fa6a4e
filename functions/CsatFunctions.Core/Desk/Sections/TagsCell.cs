using CsatFunctions.Tags;
using CsatFunctions.Web;

namespace CsatFunctions.Desk.Sections;

/// <summary>
/// An answer's tags on the desk, each with a button removing it, and a field adding one that suggests
/// the tags used before from a <c>&lt;datalist&gt;</c>: plain forms, so tagging works without JavaScript.
/// </summary>
public static class TagsCell
{
    /// <summary>The id of the suggestions, drawn once per page for every tag field.</summary>
    public const string SuggestionsId = "tags-used";

    public static Html Suggestions(IEnumerable<string> used) =>
        Html.Of($"""<datalist id="{SuggestionsId}">{Html.Join(used.Select(tag => Html.Of($"""<option value="{tag}">""")))}</datalist>""");

    /// <param name="csrf">The session's token for the forms; null shows the tags without forms (a viewer).</param>
    public static Html Render(AnswerItem item, string? csrf)
    {
        if (csrf is null)
        {
            return Html.Join(item.Tags.Select(tag => Html.Of($"""<span class="tag">{tag}</span> """)));
        }

        var action = $"ratings/{item.SurveyId}/tags";
        var hidden = Html.Of($"""<input type="hidden" name="{DeskSessions.CsrfField}" value="{csrf}">""");
        var tags = Html.Join(item.Tags.Select(tag => Html.Of(
            $"""<form class="inline" method="post" action="{action}">{hidden}<input type="hidden" name="remove" value="{tag}"><span class="tag">{tag}</span> <button type="submit" aria-label="Remove tag {tag}">×</button></form> """)));
        var add = item.Tags.Count >= AnswerTagList.MaxPerAnswer ? Html.Empty : Html.Of(
            $"""<form class="inline" method="post" action="{action}">{hidden}<input name="tag" list="{SuggestionsId}" maxlength="{AnswerTagList.MaxLength}" required aria-label="New tag" placeholder="tag"> <button type="submit">Add</button></form>""");
        return Html.Of($"{tags}{add}");
    }
}
