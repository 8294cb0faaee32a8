using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Data;

/// <summary>
/// The fault suite's database faults on a real SQLite file: a write lock another process holds (here another
/// connection, which SQLite cannot tell apart). A full disk is in Polling/UnrecordedFailureTests (SQLITE_FULL injected
/// by an EF Core command interceptor).
/// </summary>
public sealed class DatabaseFaultTests
{
    [Fact]
    public async Task Held_database_lock_waits_then_fails_visibly_and_the_next_pass_loses_nothing()
    {
        await using var app = await PollingAppFactory.StartAsync(f =>
            // The shipped busy timeout is 30 s; 2 s keeps the test short and behaves the same way.
            f.Settings["ConnectionStrings:AutoDmGuard"] = $"Data Source={f.DatabasePath};Default Timeout=2;Pooling=True");
        using var user = await app.SignInAsync();
        await app.RunPassAsync();

        // A lock shorter than the busy timeout: the pass waits for it and goes through.
        var friend = await app.SandboxAdmin.SimulateAsync("friend-dm", user.AccountId);
        app.Clock.SetUtcNow((await app.StateAsync(user.AccountId)).NextDmPollAt!.Value);
        await using (var blocker = await HoldWriteLockAsync(app.DatabasePath))
        {
            var released = ReleaseFromOwnThreadAfter(blocker, TimeSpan.FromMilliseconds(500));
            var pass = app.RunPassAsync();
            await released;
            Assert.Equal(AccountPollStatus.Polled, (await pass).For(user.AccountId)?.Status);
        }

        Assert.Contains(await app.StoredEventsAsync(user.AccountId), e => e.EventId == friend.GetProperty("dm_event").GetProperty("id").GetString());

        // A lock held past the timeout: the pass fails, says so in health, and the next pass stores the DM once.
        var second = await app.SandboxAdmin.SimulateAsync("friend-dm", user.AccountId);
        var secondId = second.GetProperty("dm_event").GetProperty("id").GetString();
        app.Clock.SetUtcNow((await app.StateAsync(user.AccountId)).NextDmPollAt!.Value);
        await using (await HoldWriteLockAsync(app.DatabasePath))
        {
            // Accounts are claimed with a write (AccountLease.ClaimNextDueAsync): while another connection holds the
            // write lock none can be claimed, so the pass itself fails with the lock's error.
            var failed = await Assert.ThrowsAnyAsync<DbException>(() => app.RunPassAsync());
            Assert.Contains("locked", failed.Message, StringComparison.Ordinal);
            var health = await user.Client.GetFromJsonAsync<JsonElement>(new Uri(WorkerHealthEndpoint.Route, UriKind.Relative));
            Assert.Contains("locked", health.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }

        var recovered = await app.RunPassAsync();
        Assert.Equal(AccountPollStatus.Polled, recovered.For(user.AccountId)?.Status);
        Assert.Single(await app.StoredEventsAsync(user.AccountId), e => e.EventId == secondId);
        Assert.Equal(0, await app.WithDbAsync(db => db.DmEvents.CountAsync(e => e.AccountId == user.AccountId && e.EventType == "MessageCreate" && !e.FromMe && e.Score == null)));
    }

    /// <summary>
    /// Disposes <paramref name="blocker"/> after <paramref name="delay"/> on a thread of its own. Microsoft.Data.Sqlite
    /// waits out a busy database by sleeping on the calling thread, so every claiming slot of the pass holds a pool
    /// thread; a release that waits for a pool thread (a Task.Delay continuation) can come after the busy timeout when
    /// the pool is short of threads on a loaded 2-core runner, and the pass would fail for the test's sake, not the app's.
    /// </summary>
    private static Task ReleaseFromOwnThreadAfter(SqliteConnection blocker, TimeSpan delay)
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                Thread.Sleep(delay);
                blocker.Dispose();
                released.SetResult();
            }
            catch (Exception ex)
            {
                released.SetException(ex);
            }
        }) { IsBackground = true, Name = "lock release" }.Start();
        return released.Task;
    }

    /// <summary>Another connection that holds the database's write lock (BEGIN IMMEDIATE) until disposed.</summary>
    private static async Task<SqliteConnection> HoldWriteLockAsync(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
