using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutoDmGuard.Web.Tests.Data;

/// <summary>A database of this pass's provider with the real migrations, for testing the dashboard's queries without HTTP.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>A new context; <paramref name="interceptors"/> see its commands (e.g. <see cref="CommandLog"/>).</summary>
    public AppDbContext Create(params IInterceptor[] interceptors) => (_database ?? throw new InvalidOperationException("Not initialized yet.")).Open(interceptors);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Path.Combine(Path.GetTempPath(), "autodmguard-dash-" + Guid.NewGuid().ToString("N") + ".db"));
        await using var db = Create();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
