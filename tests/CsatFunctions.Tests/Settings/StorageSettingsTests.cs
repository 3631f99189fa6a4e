using Azure.Identity;
using CsatFunctions.Settings;
using CsatFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Tests.Settings;

/// <summary>Both ways the Functions host reads AzureWebJobsStorage, and the clients each one builds.</summary>
public sealed class StorageSettingsTests
{
    [Fact]
    public void A_connection_string_builds_clients_on_that_account()
    {
        var storage = new CsatStorage(Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1/csatSurveys"), storage.Table("Surveys").Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1/csat-surveys"), storage.Queue("surveys").Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1/csat-leases"), storage.Leases.Uri);
    }

    [Fact]
    public void An_account_name_builds_identity_based_clients_on_the_public_cloud_endpoints()
    {
        var options = Read(("AzureWebJobsStorage:accountName", "csatprod"), ("AzureWebJobsStorage:credential", "managedidentity"), ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));
        var storage = new CsatStorage(options);

        Assert.Null(options.ConnectionString);
        Assert.IsType<DefaultAzureCredential>(options.Credential);
        Assert.Equal(new Uri("https://csatprod.table.core.windows.net/csatSurveys"), storage.Table("Surveys").Uri);
        Assert.Equal(new Uri("https://csatprod.queue.core.windows.net/csat-surveys-poison"), storage.Queue("surveys-poison").Uri);
        Assert.Equal(new Uri("https://csatprod.blob.core.windows.net/csat-leases"), storage.Leases.Uri);
    }

    [Fact]
    public void Service_uris_reach_any_cloud()
    {
        var storage = new CsatStorage(Read(
            ("AzureWebJobsStorage:blobServiceUri", "https://csat.blob.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:queueServiceUri", "https://csat.queue.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:tableServiceUri", "https://csat.table.core.chinacloudapi.cn")));

        Assert.Equal(new Uri("https://csat.table.core.chinacloudapi.cn/csatScores"), storage.Table("Scores").Uri);
        Assert.Equal(new Uri("https://csat.queue.core.chinacloudapi.cn/csat-surveys"), storage.Queue("surveys").Uri);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:accountName", "Not_An_Account", "AzureWebJobsStorage__accountName must be a storage account name")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "https://csat.blob.core.windows.net", "AzureWebJobsStorage__queueServiceUri must be the https endpoint")]
    [InlineData("AzureWebJobsStorage", "nonsense", "AzureWebJobsStorage is not a valid storage connection string")]
    public void Incomplete_or_malformed_storage_settings_are_named(string key, string value, string expected)
    {
        var errors = new List<string>();

        StorageSettings.Read(Config((key, value)), errors);

        Assert.StartsWith(expected, errors[0]);
    }

    [Fact]
    public void A_connection_string_and_identity_settings_together_are_refused()
    {
        var errors = new List<string>();

        StorageSettings.Read(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage:accountName", "csatprod")), errors);

        Assert.Equal(["AzureWebJobsStorage is set both as a connection string and with identity-based AzureWebJobsStorage__* settings; keep one."], errors);
    }

    private static StorageOptions Read(params (string Key, string Value)[] values)
    {
        var errors = new List<string>();
        var options = StorageSettings.Read(Config(values), errors);
        Assert.Empty(errors);
        return options;
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
}
