using System.Security.Cryptography;

namespace CsatFunctions.Surveys;

/// <summary>
/// A survey's id is random. What leads from a ticket to its survey is the ticket's entry in
/// <see cref="SurveysByTicket"/>, which erasure empties: after that nothing, not even the ticket id
/// and every key we hold, leads to the counted answer. Surveys taken in before that table existed
/// have the ticket's key (<see cref="SurveysByTicket.KeyOf"/>) as their id.
/// </summary>
public static class SurveyId
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string value) =>
        value.Length == 32 && value.All(char.IsAsciiHexDigitLower);
}
