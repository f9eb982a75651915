using Skinsight.Application.Composition;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Says which person a request acts for. Every endpoint that reads or writes personal records asks this, and
/// nothing else, so that sign-in can replace the single local person in one place.
/// </summary>
internal static class CurrentPerson
{
    /// <summary>Returns the id of the person the request acts for.</summary>
    public static async Task<Guid> GetIdAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices.GetRequiredService<SkinsightServices>();
        var person = await services.Store.GetOrCreateDefaultPersonAsync(cancellationToken);
        return person.Id;
    }
}
