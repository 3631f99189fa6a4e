using System.Net.Http.Json;
using System.Text;

namespace CsatFunctions.Alerts;

/// <summary>Posts a <see cref="ChatPost"/> to a chat's incoming webhook in the chat's own format.</summary>
public sealed class ChatPoster(IHttpClientFactory httpClients)
{
    /// <summary>The HTTP client for chat webhooks, whose URL is itself the credential: it logs nothing.</summary>
    public const string ChatClient = "csat-alert-chat";

    /// <exception cref="HttpRequestException">The chat did not take it; the queue retries.</exception>
    public async Task PostAsync(Uri webhook, ChatMarkup markup, ChatPost post, CancellationToken cancellationToken)
    {
        using HttpContent content = markup switch
        {
            ChatMarkup.Slack => Json(SlackBlocks.Body(post)),
            ChatMarkup.Teams => Json(TeamsCard.Body(post)),
            _ => JsonContent.Create(new ChatAlert(post.Line(text => ChatText.Escape(text, ChatMarkup.Mattermost)), null), CsatJson.Default.ChatAlert),
        };
        using var response = await httpClients.CreateClient(ChatClient).PostAsync(webhook, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
