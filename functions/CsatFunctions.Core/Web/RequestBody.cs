using Microsoft.AspNetCore.Http;

namespace CsatFunctions.Web;

/// <summary>Reads a request body whole, up to a limit, without trusting Content-Length.</summary>
public static class RequestBody
{
    /// <returns>The bytes, or null when the body is over <paramref name="limitBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limitBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limitBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
