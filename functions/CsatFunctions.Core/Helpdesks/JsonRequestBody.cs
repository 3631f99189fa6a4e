using System.Net.Http.Headers;
using System.Text.Json;

namespace CsatFunctions.Helpdesks;

/// <summary>
/// A request body in a vendor's own JSON shape, written field by field: the writers send a handful of
/// fields each, in the exact names the vendor documents, without a wire type per vendor.
/// </summary>
public static class JsonRequestBody
{
    /// <returns><c>application/json</c> content holding what <paramref name="write"/> wrote.</returns>
    public static ByteArrayContent Of(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return new ByteArrayContent(buffer.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
    }

    /// <summary>
    /// A helpdesk's numeric ticket id, as its API's paths and bodies take it. Anything else never
    /// reaches the API: it is refused here as the API would refuse it (400), for good.
    /// </summary>
    /// <exception cref="HelpdeskApiException">The id is not a positive whole number.</exception>
    public static long NumericId(string helpdesk, string ticketId) =>
        ticketId.Length <= 18 && long.TryParse(ticketId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new HelpdeskApiException(helpdesk, System.Net.HttpStatusCode.BadRequest, null);
}
