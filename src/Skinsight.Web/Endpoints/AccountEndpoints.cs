using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Skinsight.Application.Accounts;
using Skinsight.Application.Composition;
using Skinsight.Core;
using Skinsight.Data.Entities;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>Sign-up, sign-in and sign-out, the signed-in account, and its API tokens.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/account/signup", SignUpAsync)
            .WithName("SignUp")
            .WithSummary("Creates an account and its person, then signs in with a cookie.")
            .Produces<AccountInfo>(StatusCodes.Status201Created)
            .ProducesProblem(400)
            .ProducesProblem(409)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.SignIns)
            .AllowAnonymous()
            .DisableAntiforgery();

        app.MapPost("/api/account/signin", SignInAsync)
            .WithName("SignIn")
            .WithSummary("Signs in with handle and password and sets the sign-in cookie.")
            .Produces<AccountInfo>()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(429)
            .RequireRateLimiting(RateLimits.SignIns)
            .AllowAnonymous()
            .DisableAntiforgery();

        app.MapGet("/api/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return TypedResults.Ok(new AntiforgeryToken(AntiforgeryCheck.HeaderName, tokens.RequestToken!));
            })
            .WithName("GetAntiforgeryToken")
            .WithSummary("Returns the antiforgery token that cookie-signed-in POST, PUT and DELETE requests send in "
                + "X-CSRF-TOKEN, and sets its paired cookie. Fetch it again after signing in or out.")
            .Produces<AntiforgeryToken>()
            .AllowAnonymous();

        app.MapPost("/api/account/signout", async (HttpContext context, SignInManager<Account> signIn) =>
            {
                // A new security stamp invalidates every cookie issued before it, including copies of this one.
                var account = await signIn.UserManager.GetUserAsync(context.User);
                if (account is not null)
                {
                    await signIn.UserManager.UpdateSecurityStampAsync(account);
                }

                await signIn.SignOutAsync();
                return Results.NoContent();
            })
            .WithName("SignOut")
            .WithSummary("Removes the sign-in cookie and ends every cookie session of the account on the server.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(401)
            .DisableAntiforgery();

        app.MapGet("/api/account", GetAccountAsync)
            .WithName("GetAccount")
            .WithSummary("Returns the signed-in account: handle, person id and roles.")
            .Produces<AccountInfo>()
            .ProducesProblem(401)
            .Audited("show the account to its owner");

        app.MapPost("/api/account/tokens", CreateTokenAsync)
            .WithName("CreateApiToken")
            .WithSummary("Creates an API token for integrations. The secret is returned once and stored only as its hash.")
            .Produces<CreatedToken>(StatusCodes.Status201Created)
            .ProducesProblem(400)
            .ProducesProblem(401)
            .DisableAntiforgery()
            .Audited("create an API token for the owner");

        app.MapGet("/api/account/tokens", async (HttpContext context, SkinsightServices services, CancellationToken cancellationToken) =>
            {
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                var tokens = await services.Store.ListApiTokensAsync(personId, cancellationToken);
                return Results.Ok(tokens.Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.RevokedAt)).ToList());
            })
            .WithName("ListApiTokens")
            .WithSummary("Lists the signed-in person's API tokens, without their secrets.")
            .Produces<List<TokenInfo>>()
            .ProducesProblem(401)
            .Audited("list the owner's API tokens");

        app.MapDelete("/api/account/tokens/{id:guid}", async (Guid id, HttpContext context, SkinsightServices services,
                CancellationToken cancellationToken) =>
            {
                var personId = await CurrentPerson.GetIdAsync(context, cancellationToken);
                return await services.Store.RevokeApiTokenAsync(personId, id, cancellationToken)
                    ? Results.NoContent()
                    : Results.Problem(title: "API token not found", detail: $"No valid API token {id} of yours.", statusCode: 404);
            })
            .WithName("RevokeApiToken")
            .WithSummary("Revokes one of the signed-in person's API tokens.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(401)
            .ProducesProblem(404)
            .Audited("revoke an API token of the owner");
        return app;
    }

    private static async Task<IResult> SignUpAsync(Credentials credentials, AccountService accounts,
        SignInManager<Account> signIn, CancellationToken cancellationToken)
    {
        RequireCredentials(credentials);
        var account = await accounts.CreateAsync(credentials.Handle!, credentials.Password!, isOperator: false, cancellationToken);
        await signIn.SignInAsync(account, isPersistent: false);
        return Results.Created("/api/account", new AccountInfo(account.UserName!, account.PersonId, []));
    }

    private static async Task<IResult> SignInAsync(Credentials credentials, SignInManager<Account> signIn,
        UserManager<Account> users)
    {
        RequireCredentials(credentials);
        string handle = credentials.Handle!.Trim().ToLowerInvariant();
        var result = await signIn.PasswordSignInAsync(handle, credentials.Password!, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            // The same message for an unknown handle and a wrong password, so sign-in does not reveal which handles exist.
            string detail = result.IsLockedOut
                ? "Too many failed sign-ins; the account is locked for 15 minutes."
                : "Handle or password is wrong.";
            return Results.Problem(title: "Sign-in failed", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
        }

        var account = (await users.FindByNameAsync(handle))!;
        return Results.Ok(new AccountInfo(account.UserName!, account.PersonId, [.. await users.GetRolesAsync(account)]));
    }

    private static async Task<IResult> GetAccountAsync(HttpContext context, UserManager<Account> users)
    {
        var account = await users.GetUserAsync(context.User) ?? throw new SignInRequiredException();
        return Results.Ok(new AccountInfo(account.UserName!, account.PersonId, [.. await users.GetRolesAsync(account)]));
    }

    private static async Task<IResult> CreateTokenAsync(TokenRequest request, HttpContext context, UserManager<Account> users,
        SkinsightServices services, CancellationToken cancellationToken)
    {
        string name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            throw new InvalidInputException("The token 'name' is missing or longer than 200 characters; name the integration that uses it.");
        }

        var account = await users.GetUserAsync(context.User) ?? throw new SignInRequiredException();
        string secret = ApiTokenHandler.NewSecret();
        var token = await services.Store.AddApiTokenAsync(account.Id, account.PersonId, name, ApiTokenHandler.Hash(secret), cancellationToken);
        return Results.Created($"/api/account/tokens/{token.Id}", new CreatedToken(token.Id, token.Name, secret, token.CreatedAt));
    }

    private static void RequireCredentials(Credentials credentials)
    {
        if (string.IsNullOrWhiteSpace(credentials.Handle) || string.IsNullOrEmpty(credentials.Password))
        {
            throw new InvalidInputException("Both 'handle' and 'password' are required in the JSON body.");
        }
    }

    internal sealed record Credentials(string? Handle, string? Password);

    internal sealed record AccountInfo(string Handle, Guid PersonId, IReadOnlyList<string> Roles);

    internal sealed record TokenRequest(string? Name);

    /// <summary>The antiforgery request token and the header to send it in.</summary>
    internal sealed record AntiforgeryToken(string HeaderName, string Token);

    internal sealed record TokenInfo(Guid Id, string Name, DateTime CreatedAt, DateTime? RevokedAt);

    /// <summary>A new token; <see cref="Secret"/> is shown only in this response.</summary>
    internal sealed record CreatedToken(Guid Id, string Name, string Secret, DateTime CreatedAt);
}
