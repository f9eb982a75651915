using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

/// <summary>Identity's user manager over a store, registered as the application registers it, for tests.</summary>
internal sealed class AccountManager : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    private AccountManager(ServiceProvider services)
    {
        _services = services;
        _scope = services.CreateAsyncScope();
        Users = _scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
    }

    public UserManager<Account> Users { get; }

    public static AccountManager Create(SkinsightStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped<SkinsightContext>(_ => store.CreateContext());
        // The password rules of the application, which requires length rather than character classes.
        services.AddIdentityCore<Account>(options =>
            {
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<SkinsightContext>()
            .AddUserStore<AccountUserStore>();
        return new AccountManager(services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }
}
