using System.Collections.Concurrent;

namespace CsatFunctions.Tests.Helpdesks.HaloPsa;

/// <summary>The tokens Halo's stub has issued; a test revokes them as Halo does when it expires one early.</summary>
public sealed class HaloPsaTokens
{
    private readonly ConcurrentDictionary<string, bool> issued = new();

    public int IssuedCount => issued.Count;

    public string Issue()
    {
        var token = "halo-token-" + Guid.NewGuid().ToString("N");
        issued[token] = true;
        return token;
    }

    public bool IsValid(string token) => issued.TryGetValue(token, out var valid) && valid;

    public void RevokeAll()
    {
        foreach (var token in issued.Keys)
        {
            issued[token] = false;
        }
    }
}
