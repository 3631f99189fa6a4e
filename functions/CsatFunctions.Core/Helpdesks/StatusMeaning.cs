namespace CsatFunctions.Helpdesks;

/// <summary>What a ticket status in a helpdesk's webhook body says about the ticket.</summary>
public enum StatusMeaning
{
    /// <summary>The ticket is resolved: it is surveyed and counted.</summary>
    Resolution,

    /// <summary>The ticket is open again: the reopen signal.</summary>
    Reopen,

    /// <summary>Neither (a deleted ticket): the delivery changes nothing.</summary>
    Neither,
}
