using AutoDmGuard.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>A temp SQLite file with the real migrations, for testing the dashboard's queries without HTTP.</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "autodmguard-dash-" + Guid.NewGuid().ToString("N") + ".db");

    public AppDbContext Create() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={_path}").Options);

    public async Task InitializeAsync()
    {
        await using var db = Create();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
