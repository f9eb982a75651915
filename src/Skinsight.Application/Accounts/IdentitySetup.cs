using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Accounts;

/// <summary>Registers ASP.NET Core Identity over the Skinsight store, for the web host and the CLI alike.</summary>
public static class IdentitySetup
{
    /// <summary>Shortest accepted password. Length is required instead of character classes.</summary>
    public const int MinimumPasswordLength = 10;

    /// <summary>Adds Identity's user and role managers with EF Core stores on <paramref name="store"/>.</summary>
    public static IdentityBuilder AddSkinsightIdentity(this IServiceCollection services, SkinsightStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        services.AddSingleton(store);
        services.AddScoped<SkinsightContext>(_ => store.CreateContext());
        services.AddScoped<AccountService>();
        return services
            .AddIdentityCore<Account>(options =>
            {
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.User.AllowedUserNameCharacters = AccountService.HandleCharacters;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<SkinsightContext>()
            .AddUserStore<AccountUserStore>();
    }
}
