using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>The shared app host for the dashboard's tests; the bulk executor is off so tests drive the runner themselves.</summary>
public sealed class DashboardFixture : AppFactory
{
    public DashboardFixture()
    {
        Settings["Dashboard:BulkExecutorEnabled"] = "false";
        Settings["Dashboard:PageSize"] = "10";
    }

    /// <summary>Seeds rows for an account through the app's own DbContext.</summary>
    public Task SeedAsync(SenderSeed seed) => WithDbAsync(async db =>
    {
        await seed.SaveAsync(db);
        return true;
    });
}
