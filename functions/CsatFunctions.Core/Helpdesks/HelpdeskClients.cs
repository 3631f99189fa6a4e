namespace CsatFunctions.Helpdesks;

/// <summary>Hands each helpdesk's format its configuration and the <see cref="Name"/> HTTP client for the calls it makes.</summary>
public sealed class HelpdeskClients(IHttpClientFactory httpClients, TimeProvider time)
{
    /// <summary>The HTTP client every helpdesk API call goes through (its logging removed: URLs may carry ids).</summary>
    public const string Name = "helpdesks";

    /// <summary>One API call's limit: a look-up runs after the helpdesk has its answer, so it may wait this long.</summary>
    public static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(30);

    public HelpdeskCall For(HelpdeskConfig config) => new(config, httpClients.CreateClient(Name), time);
}
