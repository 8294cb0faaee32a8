using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// Lets `dotnet ef` build the model without running Program.cs: in demo mode Program.cs starts the sandbox host first,
/// and the design-time tools would take that host for the app's.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
