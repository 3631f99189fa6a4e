using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Identity;
using CsatFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Settings;

/// <summary>
/// Reads <c>AzureWebJobsStorage</c> the way the Functions host does: either a connection string, or
/// identity-based settings (<c>AzureWebJobsStorage__accountName</c>, or the three
/// <c>__blobServiceUri</c>, <c>__queueServiceUri</c> and <c>__tableServiceUri</c>), reached with
/// <see cref="DefaultAzureCredential"/> (a user-assigned identity's <c>__clientId</c> when given).
/// </summary>
public static partial class StorageSettings
{
    private const string Key = "AzureWebJobsStorage";

    public static StorageOptions Read(IConfiguration configuration, List<string> errors)
    {
        var section = configuration.GetSection(Key);
        string? Setting(string name) => section[name] is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        var connection = section.Value is { } value && value.Trim().Length > 0 ? value.Trim() : null;
        var accountName = Setting("accountName");
        var explicitUris = new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri" }.Select(n => (Name: n, Value: Setting(n))).ToArray();
        var identityBased = accountName is not null || explicitUris.Any(u => u.Value is not null);

        if (!identityBased)
        {
            connection ??= "UseDevelopmentStorage=true";
            try
            {
                _ = new TableServiceClient(connection);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                errors.Add($"{Key} is not a valid storage connection string.");
            }

            return new StorageOptions { ConnectionString = connection };
        }

        if (connection is not null)
        {
            errors.Add($"{Key} is set both as a connection string and with identity-based {Key}__* settings; keep one.");
        }

        StorageServiceUris? uris = null;
        if (accountName is not null)
        {
            if (!AccountNamePattern().IsMatch(accountName))
            {
                errors.Add($"{Key}__accountName must be a storage account name: 3 to 24 lowercase letters and digits.");
            }
            else
            {
                uris = new StorageServiceUris(
                    new Uri($"https://{accountName}.blob.core.windows.net"),
                    new Uri($"https://{accountName}.queue.core.windows.net"),
                    new Uri($"https://{accountName}.table.core.windows.net"));
            }
        }
        else
        {
            var parsed = new Dictionary<string, Uri>();
            foreach (var (name, text) in explicitUris)
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
                {
                    parsed[name] = uri;
                }
                else
                {
                    errors.Add($"{Key}__{name} must be the https endpoint of the account's {name[..^"ServiceUri".Length]} service (or set {Key}__accountName instead).");
                }
            }

            if (parsed.Count == 3)
            {
                uris = new StorageServiceUris(parsed["blobServiceUri"], parsed["queueServiceUri"], parsed["tableServiceUri"]);
            }
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = Setting("clientId") });
        return new StorageOptions { ConnectionString = null, ServiceUris = uris, Credential = credential };
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountNamePattern();
}
