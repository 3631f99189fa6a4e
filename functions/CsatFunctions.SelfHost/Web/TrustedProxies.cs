using System.Net;
using CsatFunctions.Settings;
using Microsoft.AspNetCore.HttpOverrides;

namespace CsatFunctions.SelfHost.Web;

/// <summary>
/// Which reverse proxies' <c>X-Forwarded-For</c> the self-host believes (<c>SelfHost__TrustedProxies</c>:
/// addresses or CIDR networks, comma-separated; loopback when unset, as ASP.NET Core's own default).
/// The forwarded-headers middleware walks the header from the right and stops at the first address
/// no trusted proxy vouches for, so a client cannot pose as another by sending the header itself.
/// The Functions worker applies the same middleware, trusting its host on loopback.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "SelfHost:TrustedProxies";

    /// <exception cref="SettingsException">An entry is neither an address nor a network.</exception>
    public static ForwardedHeadersOptions Read(string? value)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
        };
        if (string.IsNullOrWhiteSpace(value))
        {
            return options;
        }

        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else
            {
                throw new SettingsException(["SelfHost__TrustedProxies must be comma-separated IP addresses or CIDR networks, such as 10.0.0.5, 10.1.0.0/16."]);
            }
        }

        return options;
    }
}
