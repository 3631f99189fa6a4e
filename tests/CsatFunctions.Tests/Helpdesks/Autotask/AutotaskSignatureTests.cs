using System.Text;
using System.Text.Json.Nodes;
using CsatFunctions.Helpdesks.Autotask;

namespace CsatFunctions.Tests.Helpdesks.Autotask;

/// <summary>The form Autotask hashes, rebuilt from a body however it was written, against .NET's own default serialization of it.</summary>
public sealed class AutotaskSignatureTests
{
    [Theory]
    [InlineData("""{"Action":"Update","Id":29683,"Fields":{"status":5}}""")]
    [InlineData("""{"Fields":{"title":"Büro & Lager <2. OG> 'x' `y` a+b 🖨️ \"quoted\" back\\slash"}}""")]
    [InlineData("""{ "Fields" : { "title" : "spaced \/ slash \u00e9 \u0041 \n line" , "n" : [ 1 , 2.50 , true , null ] } }""")]
    [InlineData("""{"Fields":{"title":"already \u0026 \u00E9 \u003C escaped \uD83D\uDDA8"}}""")]
    public void The_body_is_hashed_as_dotnet_writes_it_by_default(string body)
    {
        var expected = JsonNode.Parse(body)!.ToJsonString();

        Assert.Equal(expected, Encoding.UTF8.GetString(AutotaskSignature.AsHashed(Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public void The_header_is_sha1_and_base64_of_that_form_and_nothing_else_matches()
    {
        var body = Encoding.UTF8.GetBytes("""{"Fields":{"title":"Zoë & Co"}}""");
        var header = AutotaskSignature.Of("secret-key", body);

        Assert.StartsWith("sha1=", header, StringComparison.Ordinal);
        Assert.True(AutotaskSignature.Matches("secret-key", header, body));
        Assert.False(AutotaskSignature.Matches("other-key", header, body));
        Assert.False(AutotaskSignature.Matches("secret-key", header["sha1=".Length..], body));
        Assert.False(AutotaskSignature.Matches("secret-key", "sha1=not base64", body));
        Assert.False(AutotaskSignature.Matches("secret-key", null, body));
    }
}
