namespace CsatFunctions.Webhooks;

/// <summary>
/// Where the outgoing webhooks go and how hard they are tried: every endpoint, the waits between
/// attempts (<c>Csat__WebhookRetryDelays</c>) and how long one attempt may take (<c>Csat__WebhookTimeout</c>).
/// </summary>
/// <param name="RetryDelays">The wait after each failed attempt; when they are used up the event goes to the poison queue.</param>
public sealed record WebhookOptions(IReadOnlyList<WebhookEndpoint> Endpoints, IReadOnlyList<TimeSpan> RetryDelays, TimeSpan Timeout)
{
    /// <summary>
    /// Standard Webhooks' example schedule up to its eighth attempt (5 s, 5 min, 30 min, 2 h, 5 h,
    /// 10 h, then 10 h more as Svix does): 27 h 35 min 5 s from the first attempt to the last, so a
    /// receiver down for a whole day still gets every event.
    /// </summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } =
        [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)];

    /// <summary>The lower end of the 15 to 30 s that Standard Webhooks recommends: a slow receiver holds one message, never the others.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>The least the schedule should span, as the contract asks; a shorter one is allowed with a warning.</summary>
    public static TimeSpan LeastRetrySpan { get; } = TimeSpan.FromHours(24);

    public static WebhookOptions None { get; } = new([], DefaultRetryDelays, DefaultTimeout);

    public bool Any => Endpoints.Count > 0;

    /// <returns>Null when no endpoint has that name (any more).</returns>
    public WebhookEndpoint? Find(string name) => Endpoints.FirstOrDefault(endpoint => endpoint.Name == name);
}
