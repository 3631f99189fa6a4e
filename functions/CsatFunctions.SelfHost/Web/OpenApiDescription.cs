using CsatFunctions.Web;
using Microsoft.OpenApi;

namespace CsatFunctions.SelfHost.Web;

/// <summary>
/// <c>GET /api/openapi.json</c>: the contract's routes as the host maps them (ASP.NET Core's OpenAPI
/// support reads the endpoints), with the security each asks for, taken from the route registry:
/// the helpdesk webhooks' signatures, SendGrid's Event Webhook signature, and the admin key or the
/// desk's session for the admin routes. Built from the mapped endpoints, so it cannot drift from them.
/// </summary>
public static class OpenApiDescription
{
    public const string Path = "/api/openapi.json";

    private const string AreaParameter = "area";
    private const string AdminKey = "adminKey";
    private const string DeskSession = "deskSession";
    private const string WebhookSignature = "webhookSignature";
    private const string SendGridSignature = "sendGridSignature";

    public static void AddCsatOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "CsatFunctions", Version = "1", Description = "The outside contract: helpdesk webhooks, rating links, the public score, SendGrid's events and the support team's routes." };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [AdminKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "Csat__AdminKey (or Csat__ViewerKey, read-only)." },
                    [DeskSession] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "csat-desk", Description = "The session POST /api/admin/session sets; changes also carry its CSRF token." },
                    [WebhookSignature] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "webhook-signature", Description = "Standard Webhooks: HMAC-SHA256 under Csat__WebhookSecret over webhook-id, webhook-timestamp and the body; each helpdesk route checks its helpdesk's own signature." },
                    [SendGridSignature] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Twilio-Email-Event-Webhook-Signature", Description = "SendGrid's ECDSA P-256 signature over X-Twilio-Email-Event-Webhook-Timestamp and the body." },
                };

                // The admin routes' first segment is a constrained parameter only so that the Functions
                // host does not claim "admin"; to a caller it is the literal /api/admin/.
                var paths = new OpenApiPaths();
                foreach (var (path, item) in document.Paths)
                {
                    foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
                    {
                        if (operation.Parameters is List<IOpenApiParameter> parameters)
                        {
                            parameters.RemoveAll(p => p.Name == AreaParameter);
                        }
                    }

                    paths[path.Replace("{" + AreaParameter + "}", "admin", StringComparison.Ordinal)] = item;
                }

                document.Paths = paths;
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CsatRoute>().FirstOrDefault() is not { } route)
                {
                    return Task.CompletedTask;
                }

                string[] schemes = route.IsAdmin ? [AdminKey, DeskSession]
                    : route.Name is CsatRoutes.TicketResolved or CsatRoutes.HelpdeskTicketResolved ? [WebhookSignature]
                    : route.Name == CsatRoutes.SendGridEvents ? [SendGridSignature]
                    : [];
                operation.Security = [.. schemes.Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] })];
                return Task.CompletedTask;
            });
        });
}
