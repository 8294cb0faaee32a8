using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AutoDmGuard.Web.Tests.Operations;

/// <summary>/health/live and /health/ready: what a load balancer or orchestrator asks each instance.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_is_reachable_and_migrated()
    {
        await using var app = await AppFactory.StartAsync();
        using var client = app.CreateAppClient();

        var (liveStatus, live) = await GetAsync(client, "/health/live");
        var (readyStatus, ready) = await GetAsync(client, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("migrations").GetString());
    }

    [Fact]
    public async Task Ready_fails_while_the_database_is_unreachable_and_recovers_with_it_while_live_stays_up()
    {
        await using var app = await AppFactory.StartAsync();
        using var client = app.CreateAppClient();

        // The database's folder is gone (a lost volume): no connection can open the file.
        await WhileTheDataFolderIsAwayAsync(app, client, emptyDatabaseInItsPlace: false, async () =>
        {
            var (readyStatus, ready) = await GetAsync(client, "/health/ready");
            var (liveStatus, _) = await GetAsync(client, "/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
            Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("database").GetString());
            Assert.Equal(HttpStatusCode.OK, liveStatus);
        });
    }

    [Fact]
    public async Task Ready_fails_on_a_reachable_database_that_is_not_migrated()
    {
        await using var app = await AppFactory.StartAsync();
        using var client = app.CreateAppClient();

        // A new empty database where the migrated one was: it answers, but has none of the schema.
        await WhileTheDataFolderIsAwayAsync(app, client, emptyDatabaseInItsPlace: true, async () =>
        {
            var (readyStatus, ready) = await GetAsync(client, "/health/ready");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());
            Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("migrations").GetString());
        });
    }

    /// <summary>
    /// Ready first; then the database taken away (optionally an empty database in its place) while
    /// <paramref name="check"/> runs; then the database back and ready again. On SQLite the data folder is moved aside
    /// (a lost volume); on PostgreSQL the database is renamed on the server (the name the app uses then names nothing).
    /// </summary>
    private static async Task WhileTheDataFolderIsAwayAsync(AppFactory app, HttpClient client, bool emptyDatabaseInItsPlace, Func<Task> check)
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);
        if (TestDatabase.IsPostgreSql)
        {
            await WhileThePostgreSqlDatabaseIsAwayAsync(app, emptyDatabaseInItsPlace, check);
        }
        else
        {
            await WhileTheSqliteFolderIsAwayAsync(app, emptyDatabaseInItsPlace, check);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);
    }

    private static async Task WhileTheSqliteFolderIsAwayAsync(AppFactory app, bool emptyDatabaseInItsPlace, Func<Task> check)
    {
        var away = app.DataDirectory + ".away";
        SqliteConnection.ClearAllPools();
        Directory.Move(app.DataDirectory, away);
        try
        {
            if (emptyDatabaseInItsPlace)
            {
                Directory.CreateDirectory(app.DataDirectory);
                await using var empty = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
                await empty.OpenAsync();
            }

            await check();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(app.DataDirectory))
            {
                Directory.Delete(app.DataDirectory, recursive: true);
            }

            Directory.Move(away, app.DataDirectory);
        }
    }

    private static async Task WhileThePostgreSqlDatabaseIsAwayAsync(AppFactory app, bool emptyDatabaseInItsPlace, Func<Task> check)
    {
        var connectionString = app.Database.ConnectionString;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var away = name + "_away";
        await PostgresServer.RenameDatabaseAsync(connectionString, away);
        var awayConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Database = away }.ConnectionString;
        try
        {
            if (emptyDatabaseInItsPlace)
            {
                await PostgresServer.CreateDatabaseAsync(name);
            }

            await check();
        }
        finally
        {
            if (emptyDatabaseInItsPlace)
            {
                await PostgresServer.DropDatabaseAsync(connectionString);
            }

            await PostgresServer.RenameDatabaseAsync(awayConnectionString, name);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
