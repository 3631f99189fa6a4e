using CsatFunctions.Clients;

namespace CsatFunctions.Tests.Clients;

/// <summary>How the client's copy of a report names an agent: a first name, never a title, a surname or any part of an address.</summary>
public sealed class FirstNameTests
{
    [Theory]
    [InlineData("Pat Jones", "Pat")]
    [InlineData("Dr. Jane Smith", "Jane")]
    [InlineData("Dr Jane Smith", "Jane")]
    [InlineData("prof. mx Sam Lee", "Sam")]
    [InlineData("Mrs Ann", "Ann")]
    [InlineData("  Lou\tReed ", "Lou")]
    [InlineData("jsmith@msp.com", ClientReports.AnyAgent)]
    [InlineData("Jane Smith <jane.smith@msp.com>", ClientReports.AnyAgent)]
    [InlineData("", "")]
    public void An_agent_is_shown_by_first_name_or_as_agent_when_known_only_by_an_address(string stored, string shown) =>
        Assert.Equal(shown, ClientReports.FirstName(stored));
}
