using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Names the two ways to sign in, an API token and the page's cookie, in the OpenAPI document, and marks every
/// operation that needs one of them, so generated clients know which calls send credentials.
/// </summary>
internal static class OpenApiSecurity
{
    private const string TokenScheme = "apiToken";
    private const string CookieScheme = "signInCookie";

    public static IServiceCollection AddSkinsightOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from POST /api/account/tokens, sent as 'Authorization: Bearer TOKEN'.",
            };
            document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = Authentication.CookieName,
                Description = "The cookie POST /api/account/signin sets; the web page uses it.",
            };
            return Task.CompletedTask;
        });
        MultipartForm.AddTransformer(options);
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return Task.CompletedTask;
            }

            // Two requirements in the list mean either one will do.
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] });
            return Task.CompletedTask;
        });
    });
}
