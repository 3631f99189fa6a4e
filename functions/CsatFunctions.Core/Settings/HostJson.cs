using Microsoft.Extensions.Configuration;

namespace CsatFunctions.Settings;

/// <summary>
/// host.json as configuration under <c>AzureFunctionsJobHost:</c>, the prefix under which the
/// Functions host also takes overrides from the environment. Both hosts read it, so the queue
/// settings that the trigger uses and the encoding that the pipeline enqueues with stay one.
/// </summary>
public static class HostJson
{
    public const string Prefix = "AzureFunctionsJobHost:";

    public static Dictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            foreach (var (key, value) in new ConfigurationBuilder().AddJsonFile(path).Build().AsEnumerable())
            {
                values[Prefix + key] = value;
            }
        }

        return values;
    }
}
