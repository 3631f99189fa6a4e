using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Agents;

/// <summary>An agent who opted in to their own answers: their name as the helpdesk reports it, where to write, and how often.</summary>
public sealed record AgentReviewer(string Name, string Email, AgentReviewMode Mode)
{
    /// <summary>
    /// The agent's key in storage: a hash of the name as matched (case aside), since a name may hold
    /// characters a table key cannot (<c>/</c>, <c>#</c>, <c>?</c>).
    /// </summary>
    public string Key { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Name.ToUpperInvariant())))[..32];
}
