using AutoDmGuard.Testing.Sandbox;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>
/// Two app processes on one database (this pass's provider; on SQLite one shared file) and one sandbox work one bulk
/// unfollow: the instance holding the job's lease is killed (SIGKILL) while one of its unfollows is open at X, and the
/// other instance takes the job over and finishes it. The sandbox's request log is the judge: every target was
/// unfollowed by exactly one DELETE that X carried out.
/// </summary>
public sealed class TwoInstanceBulkUnfollowTests
{
    private const string UnfollowRoute = "DELETE /2/users/:source_user_id/following/:target_user_id";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>Polls <paramref name="probe"/> until it finds something; on timeout the failure quotes both instances' logs.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, IReadOnlyDictionary<string, AppProcess> instances)
        where T : class
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Timed out waiting for {what}.\n" + string.Join("\n", instances.Select(i => $"--- {i.Key}:\n{i.Value.Output}")));
            await Task.Delay(50);
        }
    }

    private static Task<AppProcess> StartInstanceAsync(PollingAppFactory app, string instanceId) =>
        AppProcess.StartAgainstSandboxAsync(app.DataDirectory, app.Sandbox.BaseAddress, AppFactory.ClientId, app.ClientSecret,
        [
            "--Polling:Enabled=false", $"--Polling:InstanceId={instanceId}",
            "--Dashboard:BulkExecutorInterval=00:00:01", "--Dashboard:UnfollowsPerWindow=1000", "--Dashboard:BulkJobLeaseDuration=00:00:12",
            "--X:AttemptTimeout=00:00:05", "--X:TotalRequestTimeout=00:00:10", "--X:MaxRetryAttempts=0",
            .. app.Database.AppSettings().Select(s => $"--{s.Key}={s.Value}"),
        ]);

    [Fact]
    public async Task Kill_9_of_the_instance_holding_a_bulk_job_the_other_finishes_it_and_x_sees_each_unfollow_once()
    {
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.RateLimitsEnabled = false;
            f.Settings["Dashboard:BulkExecutorEnabled"] = "false";
        });
        using var user = await app.SignInAsync();
        var targets = (await app.SandboxAdmin.FollowingAsync(user.AccountId)).Take(60).ToList();
        Assert.True(targets.Count >= 30, $"The sandbox account follows only {targets.Count} users.");

        await using var a = await StartInstanceAsync(app, "instance-a");
        await using var b = await StartInstanceAsync(app, "instance-b");
        var instances = new Dictionary<string, AppProcess>(StringComparer.Ordinal) { ["instance-a"] = a, ["instance-b"] = b };
        var since = (await app.SandboxAdmin.RequestsAsync()).Last;
        var jobId = await QueuedBulkJob.QueueAsync(app, user.AccountId, targets, app.Now);

        // Let some unfollows go through, then the next one hangs at X: its instance is killed during that call.
        await WaitForAsync(async () => (await app.SandboxAdmin.RequestsAsync(since, UnfollowRoute)).Requests.Count >= 5 ? "" : null, "the first unfollows", instances);
        await app.SandboxAdmin.AddFaultAsync(UnfollowRoute, "hang");
        var hanging = await WaitForAsync(
            async () => (await app.SandboxAdmin.RequestsAsync(since, UnfollowRoute)).Requests.FirstOrDefault(r => r.Status is null),
            "an unfollow to hang at X", instances);
        var holder = await app.WithDbAsync(db => db.BulkUnfollowJobs.Where(j => j.Id == jobId).Select(j => j.LeaseOwner).SingleAsync());
        Assert.NotNull(holder);
        await instances[holder].KillAsync();
        var survivor = instances.Single(i => i.Key != holder);
        var doneAtKill = await app.WithDbAsync(db => db.SenderActions.CountAsync(a => a.BulkJobId == jobId && a.Status == ActionStatus.Done));
        Assert.True(doneAtKill < targets.Count - 1, "The job was (almost) done before the kill; the test proves nothing.");

        await WaitForAsync(
            () => app.WithDbAsync(async db => await db.BulkUnfollowJobs.AnyAsync(j => j.Id == jobId && j.Status == BulkJobStatus.Completed) ? "" : null),
            "the surviving instance to finish the job", instances);

        var deletes = (await app.SandboxAdmin.RequestsAsync(since, UnfollowRoute)).Requests;
        var cut = Assert.Single(deletes, r => r.Status == 499);
        Assert.Equal(hanging.Seq, cut.Seq);
        var carriedOut = deletes.Where(r => r.Status == 200).GroupBy(r => r.Path[(r.Path.LastIndexOf('/') + 1)..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(targets.Order(StringComparer.Ordinal), carriedOut.Keys.Order(StringComparer.Ordinal));
        Assert.All(carriedOut, t => Assert.Equal(1, t.Value));
        Assert.Equal(targets.Count + 1, deletes.Count);
        Assert.All(deletes, r => Assert.Equal(user.AccountId, r.UserId));
        Assert.Empty((await app.SandboxAdmin.FollowingAsync(user.AccountId)).Intersect(targets));

        var actions = await app.WithDbAsync(db => db.SenderActions.AsNoTracking().Where(x => x.BulkJobId == jobId).ToListAsync());
        Assert.All(actions, x => Assert.Equal(ActionStatus.Done, x.Status));
        Assert.Contains(actions, x => x.ClaimedBy == survivor.Key);
        var job = await app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        Assert.Equal((targets.Count, 0, actions.Count(x => x.Status == ActionStatus.Done)), (job.Done, job.Failed, targets.Count));
        Assert.Equal(0, await survivor.Value.StopAsync());
    }
}
