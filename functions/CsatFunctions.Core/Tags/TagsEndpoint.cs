using System.Text.Json;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Tags;

/// <summary>An answer's tags as the route answers them.</summary>
public sealed record AnswerTags(string SurveyId, IReadOnlyList<string> Tags);

/// <summary>
/// <c>POST /api/admin/ratings/{surveyId}/tags</c> (form or JSON fields <c>tag</c> to add one and
/// <c>remove</c> to remove one, as the desk's form sends them) and <c>PUT</c> of the same route
/// (<c>{"tags": [...]}</c>, replacing them all, as a script sends them). A form post from the desk
/// goes back to the answer on it; the rest is answered with the tags now on the answer.
/// </summary>
public sealed class TagsEndpoint(AnswerTagging tagging, TagsUsed used)
{
    /// <summary>Twenty tags of fifty characters, escaped, with room to spare.</summary>
    public const int MaxJsonBytes = 16 * 1024;

    public async Task<IResult> HandleAsync(string surveyId, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Func<IReadOnlyList<string>, IEnumerable<string>> change;
        bool json;
        if (HttpMethods.IsPut(request.Method))
        {
            if (await ReplacementAsync(request, errors, cancellationToken) is not { } replacement)
            {
                return Problems.Invalid(errors, "Nothing was changed.");
            }

            var spelled = await used.SpellAsync(replacement, cancellationToken);
            (change, json) = (_ => spelled, true);
        }
        else
        {
            if (await ChangeFields.ReadAsync(request, cancellationToken) is not { } form)
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["Send the field tag (to add) or remove (to remove) as a form or as a JSON object of strings."] }, "Nothing was changed.");
            }

            var add = Field(form, "tag", errors);
            var remove = Field(form, "remove", errors);
            if (errors.Count == 0 && add is null && remove is null)
            {
                errors["tag"] = ["Give a tag to add (tag) or to remove (remove)."];
            }

            if (errors.Count > 0)
            {
                return Problems.Invalid(errors, "Nothing was changed.");
            }

            var spelled = add is null ? [] : await used.SpellAsync([add], cancellationToken);
            (change, json) = (current => current.Where(tag => remove is null || !string.Equals(tag, remove, StringComparison.OrdinalIgnoreCase)).Concat(spelled), form.IsJson);
        }

        var outcome = await tagging.ChangeAsync(surveyId, change, cancellationToken);
        if (!outcome.Found)
        {
            return Results.Problem("No answer has that survey id: only an answered survey can be tagged.", statusCode: StatusCodes.Status404NotFound);
        }

        if (outcome.TooMany)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { [HttpMethods.IsPut(request.Method) ? "tags" : "tag"] = [$"An answer has at most {AnswerTagList.MaxPerAnswer} tags; remove one first."] }, "Nothing was changed.");
        }

        return json || StorageOutageAnswer.WantsJson(request)
            ? Results.Json(new AnswerTags(surveyId, outcome.Tags), CsatJson.Default.AnswerTags)
            : new HeaderResult(Results.StatusCode(StatusCodes.Status303SeeOther), ("Location", $"{CsatRoutes.DeskPath}#answer-{surveyId}"));
    }

    private static string? Field(ChangeFields form, string name, Dictionary<string, string[]> errors)
    {
        if (form[name].Length == 0)
        {
            return null;
        }

        var tag = AnswerTagList.Read(form[name], out var error);
        if (error is not null)
        {
            errors[name] = [error];
        }

        return tag;
    }

    /// <returns>The tags of a <c>{"tags": [...]}</c> body, each checked; null with the errors when it is not one.</returns>
    private static async Task<List<string>?> ReplacementAsync(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        const string shape = "Send a JSON object {\"tags\": [\"...\"]} with an array of strings.";
        if (!request.HasJsonContentType() || await RequestBody.ReadAsync(request, MaxJsonBytes, cancellationToken) is not { } body)
        {
            errors["body"] = [shape];
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("tags", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                errors["tags"] = [shape];
                return null;
            }

            var tags = new List<string>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                string? error = "Must be a string.";
                var tag = item.ValueKind == JsonValueKind.String ? AnswerTagList.Read(item.GetString(), out error) : null;
                if (tag is null)
                {
                    errors[$"tags[{index}]"] = [error!];
                }
                else
                {
                    tags.Add(tag);
                }

                index++;
            }

            if (AnswerTagList.Distinct(tags).Count > AnswerTagList.MaxPerAnswer)
            {
                errors["tags"] = [$"At most {AnswerTagList.MaxPerAnswer} tags per answer."];
            }

            return errors.Count == 0 ? tags : null;
        }
        catch (JsonException)
        {
            errors["body"] = [shape];
            return null;
        }
    }
}
