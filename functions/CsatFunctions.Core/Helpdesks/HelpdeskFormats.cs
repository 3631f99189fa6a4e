using CsatFunctions.Helpdesks.Autotask;
using CsatFunctions.Helpdesks.ConnectWise;
using CsatFunctions.Helpdesks.Freshdesk;
using CsatFunctions.Helpdesks.Freshservice;
using CsatFunctions.Helpdesks.HaloPsa;
using CsatFunctions.Helpdesks.HelpScout;
using CsatFunctions.Helpdesks.Jira;
using CsatFunctions.Helpdesks.Whmcs;
using CsatFunctions.Helpdesks.Zammad;
using CsatFunctions.Helpdesks.Zendesk;

namespace CsatFunctions.Helpdesks;

/// <summary>Every helpdesk with a webhook of its own, by route name.</summary>
public static class HelpdeskFormats
{
    public static IReadOnlyList<HelpdeskFormat> All { get; } =
    [
        new ZendeskFormat(), new HelpScoutFormat(), new JiraFormat(), new FreshdeskFormat(),
        new ZammadFormat(), new HaloPsaFormat(), new FreshserviceFormat(), new WhmcsFormat(),
        new ConnectWiseFormat(), new AutotaskFormat(),
    ];

    public static HelpdeskFormat? Find(string name) =>
        All.FirstOrDefault(format => string.Equals(format.Name, name, StringComparison.OrdinalIgnoreCase));
}
