using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Digests;

/// <summary>One client company and the account manager its monthly digest goes to.</summary>
public sealed record AccountManager(string Company, string AccountManagerEmail)
{
    /// <summary>
    /// The company's key in storage: a hash of its name as stored, since a name may hold characters a
    /// table key cannot (<c>/</c>, <c>#</c>, <c>?</c>); the same name as on the surveys is the same key.
    /// </summary>
    public static string KeyOf(string company) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(company)))[..32];
}

/// <summary><c>PUT /api/admin/account-managers</c>'s answer; the mapping is now exactly the imported lines.</summary>
public sealed record AccountManagerImportAnswer(int Imported, IReadOnlyList<Campaigns.RejectedLine> Rejected);
