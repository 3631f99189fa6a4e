using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Surveys.Delivery;

namespace CsatFunctions.Tests.Infrastructure;

/// <summary>
/// SendGrid's side of the signed Event Webhook: a P-256 key pair made for this test run (SendGrid
/// keeps the private half; the host is configured with the public one), and events shaped as SendGrid
/// posts them, with the email's custom arguments as top-level keys.
/// </summary>
public static class SendGridEvents
{
    private static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The verification key as SendGrid shows it: base64 of the SubjectPublicKeyInfo.</summary>
    public static string PublicKey { get; } = Convert.ToBase64String(SigningKey.ExportSubjectPublicKeyInfo());

    /// <summary>The DER signature, base64, over the timestamp followed by the body.</summary>
    public static string Sign(string timestamp, byte[] body, ECDsa? key = null, DSASignatureFormat format = DSASignatureFormat.Rfc3279DerSequence)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp), .. body];
        var signer = key ?? SigningKey;

        // One ECDsa object signs for every test; it is not safe to share between threads.
        lock (signer)
        {
            return Convert.ToBase64String(signer.SignData(signed, HashAlgorithmName.SHA256, format));
        }
    }

    public static HttpRequestMessage Signed(byte[] body, DateTimeOffset signedAt, ECDsa? key = null)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sendgrid/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventWebhookKey.TimestampHeader, timestamp);
        request.Headers.Add(EventWebhookKey.SignatureHeader, Sign(timestamp, body, key));
        return request;
    }

    /// <summary>One event about a survey email, as SendGrid sends it.</summary>
    public static JsonObject Event(string name, string surveyId, string email, DateTimeOffset at, bool reminder = false, string? eventId = null)
    {
        var json = new JsonObject
        {
            ["email"] = email,
            ["timestamp"] = at.ToUnixTimeSeconds(),
            ["smtp-id"] = $"<{Guid.NewGuid():N}@example.sendgrid.net>",
            ["event"] = name,
            ["sg_event_id"] = eventId ?? Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            ["sg_message_id"] = $"{Guid.NewGuid():N}.filter0001.16648.5515E0B88.0",
            [DeliveryEventReader.SurveyIdArgument] = surveyId,
        };
        if (reminder)
        {
            json[DeliveryEventReader.EmailArgument] = DeliveryEventReader.ReminderValue;
        }

        return json;
    }

    public static JsonObject Bounce(string surveyId, string email, DateTimeOffset at) =>
        With(Event("bounce", surveyId, email, at), ("type", "bounce"), ("reason", $"550 5.1.1 <{email}>: Recipient address rejected: User unknown"), ("status", "5.1.1"), ("bounce_classification", "Invalid Address"));

    public static JsonObject Dropped(string surveyId, string email, DateTimeOffset at, string reason = "Bounced Address") =>
        With(Event("dropped", surveyId, email, at), ("reason", reason));

    public static byte[] Batch(params JsonObject[] events) => Encoding.UTF8.GetBytes(new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString());

    private static JsonObject With(JsonObject json, params (string Key, string Value)[] fields)
    {
        foreach (var (key, value) in fields)
        {
            json[key] = value;
        }

        return json;
    }
}
