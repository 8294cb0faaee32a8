using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Polling;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Hosting;

/// <summary>
/// The fault suite's process-level faults: the built app runs as a child process on a real SQLite file against the
/// test's sandbox (whose world, the truth, outlives the app); the test kills or stops it mid-work, starts it again on
/// the same data folder and checks the result against the sandbox. The test's own app host only signs in and reads.
/// </summary>
public sealed class ChildProcessFaultTests
{
    private const string UnfollowRoute = "DELETE /2/users/:source_user_id/following/:target_user_id";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static Task<PollingAppFactory> StartSandboxAndSignInHostAsync() => PollingAppFactory.StartAsync(f =>
    {
        f.RateLimitsEnabled = false;
        // ~1,400 events in ~14 pages, read 4 pages per pass: the backfill spans several passes, so a fault lands mid-way.
        f.DemoDmCount = 1000;
        f.Settings["Dashboard:BulkExecutorEnabled"] = "false";
    });

    private static Task<AppProcess> StartChildAsync(PollingAppFactory app, params string[] arguments) =>
        AppProcess.StartAgainstSandboxAsync(app.DataDirectory, app.Sandbox.BaseAddress, AppFactory.ClientId, app.ClientSecret,
        [
            "--Polling:TickInterval=00:00:01", "--Polling:DmInterval=00:00:05", "--Polling:MaxBackfillPagesPerPass=4",
            "--X:AttemptTimeout=00:00:15", "--X:TotalRequestTimeout=00:00:40", .. arguments,
        ]);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(200);
        }
    }

    private static async Task AssertBackfilledExactlyOnceAndScoredAsync(PollingAppFactory app, string accountId)
    {
        await WaitForAsync(async () => (await app.StateAsync(accountId)).BackfillCompleted
            && await app.WithDbAsync(db => db.DmEvents.CountAsync(e => e.AccountId == accountId && e.EventType == "MessageCreate" && !e.FromMe && e.Score == null)) == 0,
            "the restarted app to finish the backfill and score it");
        var total = await app.AssertStoredExactlyTheSandboxInboxAsync(accountId);
        Assert.Equal(total, (await app.StateAsync(accountId)).BackfillEventsStored);
    }

    [Fact]
    public async Task Kill_9_during_backfill_then_restart_stores_every_event_exactly_once_and_scores_it()
    {
        await using var app = await StartSandboxAndSignInHostAsync();
        using var user = await app.SignInAsync();

        await using (var first = await StartChildAsync(app, "--Polling:Enabled=true"))
        {
            await first.WaitForOutputAsync("Backfill page for account", Deadline);
            await first.KillAsync();
        }

        var cut = await app.StateAsync(user.AccountId);
        Assert.False(cut.BackfillCompleted, "The kill came after the backfill finished; the test proves nothing.");
        // The dead process's lease is still there; the restarted one has the same instance id and takes it back at once.
        await using var second = await StartChildAsync(app, "--Polling:Enabled=true");
        await AssertBackfilledExactlyOnceAndScoredAsync(app, user.AccountId);
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task Sigterm_mid_pass_stops_cleanly_releases_the_lease_and_loses_nothing()
    {
        await using var app = await StartSandboxAndSignInHostAsync();
        using var user = await app.SignInAsync();

        await using (var first = await StartChildAsync(app, "--Polling:Enabled=true"))
        {
            await first.WaitForOutputAsync("Backfill page for account", Deadline);
            Assert.Equal(0, await first.StopAsync());
        }

        var stopped = await app.StateAsync(user.AccountId);
        Assert.Null(stopped.LeaseOwner);
        Assert.False(stopped.BackfillCompleted, "SIGTERM came after the backfill finished; the test proves nothing.");
        await using var second = await StartChildAsync(app, "--Polling:Enabled=true");
        await AssertBackfilledExactlyOnceAndScoredAsync(app, user.AccountId);
        Assert.Equal(0, await second.StopAsync());
    }

    [Fact]
    public async Task Kill_9_during_a_bulk_unfollow_call_then_restart_unfollows_each_exactly_once()
    {
        await using var app = await StartSandboxAndSignInHostAsync();
        using var user = await app.SignInAsync();
        var targets = (await app.SandboxAdmin.FollowingAsync(user.AccountId)).Take(3).ToList();
        var jobId = await QueuedBulkJob.QueueAsync(app, user.AccountId, targets, app.Now);
        // The first unfollow hangs at X: the app is killed while that call is in flight.
        await app.SandboxAdmin.AddFaultAsync(UnfollowRoute, "hang");

        await using (var first = await StartChildAsync(app, "--Polling:Enabled=false", "--Dashboard:BulkExecutorInterval=00:00:01"))
        {
            await WaitForAsync(() => app.WithDbAsync(db => db.SenderActions.AnyAsync(a => a.BulkJobId == jobId && a.Status == ActionStatus.InFlight)),
                "the first unfollow to be claimed");
            await first.KillAsync();
        }

        await app.SandboxAdmin.ClearFaultsAsync();
        await using var second = await StartChildAsync(app, "--Polling:Enabled=false", "--Dashboard:BulkExecutorInterval=00:00:01");
        await WaitForAsync(() => app.WithDbAsync(db => db.BulkUnfollowJobs.AnyAsync(j => j.Id == jobId && j.Status == BulkJobStatus.Completed)),
            "the restarted app to finish the bulk unfollow");

        Assert.Empty((await app.SandboxAdmin.FollowingAsync(user.AccountId)).Intersect(targets));
        var actions = await app.WithDbAsync(db => db.SenderActions.AsNoTracking().Where(a => a.BulkJobId == jobId).ToListAsync());
        Assert.Equal(targets.Order(StringComparer.Ordinal), actions.Select(a => a.TargetUserId).Order(StringComparer.Ordinal));
        Assert.All(actions, a => Assert.Equal(ActionStatus.Done, a.Status));
        var job = await app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        Assert.Equal((3, 0), (job.Done, job.Failed));
        Assert.Equal(0, await second.StopAsync());
    }
}
