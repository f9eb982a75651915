using System.Net;

namespace Skinsight.Web.Tests;

/// <summary>
/// The erasure budget under a limit of 2 per minute. The class has its own app because every test client
/// shares one client address, and so one budget.
/// </summary>
public class ErasureRateLimitTests(SecurityTests.LowLimitApp app) : IClassFixture<SecurityTests.LowLimitApp>
{
    [Fact]
    public async Task EraseMe_RejectedConfirmations_DoNotUseBudget()
    {
        var (person, _) = await app.SignUpAsync();
        var (other, _) = await app.SignUpAsync();

        foreach (string query in new[] { "", "?confirm=no", "?confirm=YES", "?confirm=" })
        {
            var rejected = await person.DeleteAsync("/api/me" + query);
            Assert.True(rejected.StatusCode == HttpStatusCode.BadRequest, $"'{query}' got {(int)rejected.StatusCode}");
        }

        var export = await person.GetAsync("/api/me/export");
        var erasure = await person.DeleteAsync("/api/me?confirm=yes");
        var pastLimit = await other.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, erasure.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, pastLimit.StatusCode);
    }
}
