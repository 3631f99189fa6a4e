using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>
/// The named text fields of a change made on an admin route: a form, as the desk posts it, or a JSON
/// object of strings (<c>{"status": "contacted"}</c>), as scripts send it. A script that changes with
/// a desk session rather than the bearer key sends its CSRF token as a header, so the access check
/// never has to read a JSON body before the route does.
/// </summary>
public sealed class ChangeFields
{
    /// <summary>A change's fields are a few short strings; a note is the longest.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    private readonly Func<string, string> field;

    private ChangeFields(Func<string, string> field, bool isJson)
    {
        this.field = field;
        IsJson = isJson;
    }

    /// <summary>Sent as JSON: the caller is a program, so the answer is JSON too.</summary>
    public bool IsJson { get; }

    /// <returns>The field's text, or empty when it was not sent.</returns>
    public string this[string name] => field(name);

    /// <returns>The fields; null when the body is neither a form nor a JSON object of strings (or nulls) of at most <see cref="MaxJsonBytes"/>.</returns>
    public static async Task<ChangeFields?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return new ChangeFields(name => form[name].ToString(), isJson: false);
        }

        if (request.HasJsonContentType())
        {
            return await RequestBody.ReadAsync(request, MaxJsonBytes, cancellationToken) is { } body && Parse(body) is { } json
                ? new ChangeFields(name => json.GetValueOrDefault(name, ""), isJson: true)
                : null;
        }

        // No body at all (a restore needs no fields): no fields.
        return request.ContentLength is null or 0 && request.Headers.ContentType.Count == 0 ? new ChangeFields(_ => "", isJson: false) : null;
    }

    private static Dictionary<string, string>? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return null;
                }
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
