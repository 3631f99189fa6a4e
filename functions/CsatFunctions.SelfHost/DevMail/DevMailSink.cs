using System.Collections.Concurrent;

namespace CsatFunctions.SelfHost.DevMail;

/// <summary>Development only: keeps every SendGrid v3 mail/send body the self-host's own SendGrid client posts.</summary>
public sealed class DevMailSink
{
    private readonly ConcurrentQueue<string> bodies = new();

    public IReadOnlyList<string> Bodies => [.. bodies];

    public void Add(string body) => bodies.Enqueue(body);
}
