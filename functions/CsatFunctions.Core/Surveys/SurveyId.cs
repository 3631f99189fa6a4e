using System.Security.Cryptography;
using System.Text;

namespace CsatFunctions.Surveys;

/// <summary>
/// A survey's id follows from where the ticket came from and its id, so a retried webhook, a
/// redelivered message or a double click all land on the same survey. It is a hash, so it reveals
/// nothing about the ticket and spreads evenly over table partitions.
/// </summary>
public static class SurveyId
{
    public static string For(string source, string ticketId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{ticketId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static bool IsWellFormed(string value) =>
        value.Length == 32 && value.All(char.IsAsciiHexDigitLower);
}
