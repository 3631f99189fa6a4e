namespace CsatFunctions.Web;

/// <summary>
/// A client company's name as one segment of a path (<c>/api/admin/companies/{company}/...</c>).
/// Routing decodes every escape but %2F, so a name is escaped twice where it holds a % and decoded
/// once more when read: "A/B" and a company literally named "A%2FB" each get their own address.
/// </summary>
public static class CompanySegment
{
    public static string Of(string company) => Uri.EscapeDataString(company.Replace("%", "%25", StringComparison.Ordinal));

    /// <summary>The name from the route's value (as routing decoded it).</summary>
    public static string Read(string routeValue) => Uri.UnescapeDataString(routeValue);
}
