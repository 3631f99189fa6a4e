using System.Globalization;
using System.Text;
using CsatFunctions.Tickets;

namespace CsatFunctions.Benchmarks;

/// <summary>A generic ticket-resolved delivery, signed as a helpdesk following Standard Webhooks signs it.</summary>
public static class SignedTicket
{
    public const string Secret = "whsec_YmVuY2htYXJrLXdlYmhvb2stc2VjcmV0LTMyLWJ5dGVzIQ==";

    private static readonly WebhookSecret Key = WebhookSecret.TryParse(Secret, out var key) ? key! : throw new InvalidOperationException("The benchmark's webhook secret does not parse.");

    public static HttpRequestMessage Request(string webhookId, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets/resolved") { Content = new ByteArrayContent(body) };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Key.Sign(webhookId, timestamp, body));
        return request;
    }
}
