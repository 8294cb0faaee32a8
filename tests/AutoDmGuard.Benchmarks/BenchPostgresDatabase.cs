using AutoDmGuard.Web.Data;
using Npgsql;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// A database of its own for one bench run on a PostgreSQL server (created empty, migrated by the app, dropped after),
/// so a run never meets rows of an earlier one.
/// </summary>
internal sealed class BenchPostgresDatabase : IAsyncDisposable
{
    private readonly string _server;

    private BenchPostgresDatabase(string server, string connectionString, string serverVersion)
    {
        _server = server;
        ConnectionString = connectionString;
        ServerVersion = serverVersion;
    }

    public string ConnectionString { get; }

    public string ServerVersion { get; }

    /// <summary>What the app is started with: the provider and this database.</summary>
    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"] = nameof(DatabaseProvider.PostgreSQL),
        ["ConnectionStrings:AutoDmGuard"] = ConnectionString,
    };

    /// <param name="server">A connection string whose user may create databases (its Database is where CREATE DATABASE runs).</param>
    public static async Task<BenchPostgresDatabase> CreateAsync(string server)
    {
        var name = "autodmguard_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new BenchPostgresDatabase(server, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, connection.PostgreSqlVersion.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
