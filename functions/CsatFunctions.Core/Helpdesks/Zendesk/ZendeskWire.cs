using System.Text.Json.Serialization;

namespace CsatFunctions.Helpdesks.Zendesk;

/// <summary>Update Ticket's body: <c>{"ticket": {…}}</c>.</summary>
public sealed record ZendeskTicketUpdate([property: JsonPropertyName("ticket")] ZendeskTicketChange Ticket);

/// <summary>What a ticket update changes: a comment, or the status; what is null is left out.</summary>
public sealed record ZendeskTicketChange(
    [property: JsonPropertyName("comment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ZendeskComment? Comment,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status);

/// <summary>A comment as Zendesk takes it: HTML, and private (<c>public: false</c>), so the requester never sees it.</summary>
public sealed record ZendeskComment([property: JsonPropertyName("html_body")] string HtmlBody, [property: JsonPropertyName("public")] bool Public);

/// <summary>Add Tags' body: <c>{"tags": […]}</c>.</summary>
public sealed record ZendeskTags([property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);
