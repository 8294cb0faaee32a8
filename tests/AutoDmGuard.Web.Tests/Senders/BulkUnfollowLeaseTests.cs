using System.Net;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>
/// Two runners of different app instances on one database (the host's own, and one built here with another instance
/// id): one job is worked by one of them at a time, each item is claimed once, a job whose owner stops renewing is
/// taken over after its lease, and the unfollow budget is counted across them.
/// </summary>
public sealed class BulkUnfollowLeaseTests(SmallBudgetFixture app) : IClassFixture<SmallBudgetFixture>
{
    private static readonly TimeSpan Lease = new SendersOptions().BulkJobLeaseDuration;

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private async Task<(SignedInUser User, IReadOnlyList<string> Ids, long JobId)> QueueAsync(int count)
    {
        // Earlier tests' unfollows count against the window: start each test in a fresh one.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var user = await app.SignInAsync();
        // Some tests here leave their job unfinished on purpose; an account has one active job at a time.
        await app.WithDbAsync(db => db.BulkUnfollowJobs
            .Where(j => j.AccountId == user.AccountId && j.Status != BulkJobStatus.Completed && j.Status != BulkJobStatus.Cancelled)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, BulkJobStatus.Cancelled)));
        var ids = await app.TakeFollowedAsync(user.AccountId, count);
        var tag = "lease" + SenderSeed.NewId()[^8..];
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            seed.Sender($"{tag}_{i}", 0.9 - (i * 0.01), id: id);
        }

        await app.SeedAsync(seed);
        using var response = await DashboardRequests.PostAsync(user, "UnfollowAll", [new("filter", "flagged"), new("q", tag)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var jobId = await app.WithDbAsync(db => db.BulkUnfollowJobs.Where(j => j.AccountId == user.AccountId).OrderByDescending(j => j.Id).Select(j => j.Id).FirstAsync());
        return (user, ids, jobId);
    }

    private Task<int> HostRunAsync() => app.WithServiceAsync<BulkUnfollowRunner, int>(r => r.RunOnceAsync(CancellationToken.None));

    /// <summary>A runner as another app instance on the same database would have it: its own id and its own in-process gate.</summary>
    private async Task<int> OtherInstanceRunAsync(string instanceId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var options = services.GetRequiredService<IOptions<SendersOptions>>();
        var clock = services.GetRequiredService<TimeProvider>();
        using var instance = new PollingInstance(
            Options.Create(new PollingOptions { InstanceId = instanceId }), services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>());
        using var signal = new BulkUnfollowSignal();
        var runner = new BulkUnfollowRunner(db, services.GetRequiredService<XFollowGraph>(), signal, new BulkJobLease(db, instance, options, clock), options, clock,
            NullLogger<BulkUnfollowRunner>.Instance);
        return await runner.RunOnceAsync(CancellationToken.None);
    }

    private int UnfollowsSent(SignedInUser user, string target) =>
        app.XRequests.Count($"DELETE /2/users/{user.AccountId}/following/{target}");

    private Task<BulkUnfollowJob> JobAsync(long jobId) => app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));

    private Task<List<SenderAction>> ActionsAsync(long jobId) =>
        app.WithDbAsync(db => db.SenderActions.AsNoTracking().Where(a => a.BulkJobId == jobId).OrderBy(a => a.Id).ToListAsync());

    private static bool IsUnfollow(string request) => request.StartsWith("DELETE /2/users/", StringComparison.Ordinal) && request.Contains("/following/", StringComparison.Ordinal);

    private async Task AssertCountersMatchItemsAsync(long jobId)
    {
        var job = await JobAsync(jobId);
        var actions = await ActionsAsync(job.Id);
        Assert.Equal(
            (actions.Count(a => a.Status == ActionStatus.Done), actions.Count(a => a.Status == ActionStatus.Failed)),
            (job.Done, job.Failed));
    }

    [Fact]
    public async Task A_second_instance_running_during_a_call_to_x_leaves_the_job_to_its_owner()
    {
        var (user, ids, jobId) = await QueueAsync(3);
        var otherAttempted = -1;
        string? leaseDuringCall = null;
        app.XRequests.BeforeSend = async request =>
        {
            if (IsUnfollow(request) && otherAttempted < 0)
            {
                otherAttempted = 0;
                leaseDuringCall = (await JobAsync(jobId)).LeaseOwner;
                otherAttempted = await OtherInstanceRunAsync("second-instance");
            }
        };

        try
        {
            Assert.Equal(3, await HostRunAsync());
        }
        finally
        {
            app.XRequests.BeforeSend = null;
        }

        Assert.Equal(0, otherAttempted);
        Assert.NotNull(leaseDuringCall);
        Assert.NotEqual("second-instance", leaseDuringCall);
        Assert.All(ids, id => Assert.Equal(1, UnfollowsSent(user, id)));
        var job = await JobAsync(jobId);
        Assert.Equal((BulkJobStatus.Completed, 3, (string?)null), (job.Status, job.Done, job.LeaseOwner));
        await AssertCountersMatchItemsAsync(jobId);
        user.Dispose();
    }

    [Fact]
    public async Task Two_instances_started_together_send_each_unfollow_once()
    {
        var (user, ids, jobId) = await QueueAsync(3);

        var results = await Task.WhenAll(HostRunAsync(), OtherInstanceRunAsync("second-instance"), OtherInstanceRunAsync("third-instance"));

        Assert.Equal(3, results.Sum());
        Assert.All(ids, id => Assert.Equal(1, UnfollowsSent(user, id)));
        Assert.Empty((await app.SandboxAdmin.FollowingAsync(user.AccountId)).Intersect(ids));
        Assert.Equal(BulkJobStatus.Completed, (await JobAsync(jobId)).Status);
        await AssertCountersMatchItemsAsync(jobId);
        user.Dispose();
    }

    [Fact]
    public async Task A_job_whose_instance_died_is_taken_over_after_the_lease_and_no_unfollow_is_sent_twice()
    {
        var (user, ids, jobId) = await QueueAsync(3);
        // The dead instance held the lease and had claimed two items: X carried out the first; the second never reached X.
        await app.WithServiceAsync<XFollowGraph, XCallResult>(x => x.UnfollowAsync(user.AccountId, ids[0], CancellationToken.None));
        var diedAt = Now;
        await app.WithDbAsync(async db =>
        {
            await db.BulkUnfollowJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, BulkJobStatus.Running).SetProperty(j => j.LeaseOwner, "dead-instance").SetProperty(j => j.LeaseExpiresAt, diedAt + Lease));
            var first = await db.SenderActions.Where(a => a.BulkJobId == jobId).OrderBy(a => a.Id).Take(2).Select(a => a.Id).ToListAsync();
            return await db.SenderActions.Where(a => first.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ActionStatus.InFlight).SetProperty(a => a.ClaimedBy, "dead-instance").SetProperty(a => a.CompletedAt, diedAt));
        });
        var sentBefore = ids.Select(id => UnfollowsSent(user, id)).ToList();
        Assert.Equal([1, 0, 0], sentBefore);

        // While the lease lasts, nobody else works the job.
        app.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await HostRunAsync());
        Assert.Equal(sentBefore, ids.Select(id => UnfollowsSent(user, id)));

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await HostRunAsync());

        Assert.All(ids, id => Assert.Equal(1, UnfollowsSent(user, id)));
        Assert.Empty((await app.SandboxAdmin.FollowingAsync(user.AccountId)).Intersect(ids));
        Assert.All(await ActionsAsync(jobId), a => Assert.Equal(ActionStatus.Done, a.Status));
        Assert.Equal(BulkJobStatus.Completed, (await JobAsync(jobId)).Status);
        await AssertCountersMatchItemsAsync(jobId);
        user.Dispose();
    }

    [Fact]
    public async Task An_instance_that_lost_its_lease_mid_job_stops_before_its_next_item()
    {
        var (user, ids, jobId) = await QueueAsync(3);
        var takenOver = false;
        app.XRequests.BeforeSend = async request =>
        {
            if (IsUnfollow(request) && !takenOver)
            {
                takenOver = true;
                // As if this instance stalled past its lease and another took the job.
                await app.WithDbAsync(db => db.BulkUnfollowJobs.Where(j => j.Id == jobId)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, "taker").SetProperty(j => j.LeaseExpiresAt, Now + Lease)));
            }
        };

        try
        {
            Assert.Equal(1, await OtherInstanceRunAsync("stalled-instance"));
        }
        finally
        {
            app.XRequests.BeforeSend = null;
        }

        Assert.Equal([1, 0, 0], ids.Select(id => UnfollowsSent(user, id)));
        var actions = await ActionsAsync(jobId);
        Assert.Equal([ActionStatus.Done, ActionStatus.Pending, ActionStatus.Pending], actions.Select(a => a.Status));
        Assert.Equal("stalled-instance", actions[0].ClaimedBy);
        Assert.Equal("taker", (await JobAsync(jobId)).LeaseOwner);
        await AssertCountersMatchItemsAsync(jobId);
        user.Dispose();
    }

    [Fact]
    public async Task The_unfollow_budget_spent_by_one_instance_holds_for_the_other()
    {
        var (user, ids, jobId) = await QueueAsync(5);

        Assert.Equal(3, await OtherInstanceRunAsync("first-instance"));
        // Even with the job made due at once, the host's runner finds the window's budget spent in the database.
        await app.WithDbAsync(db => db.BulkUnfollowJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.NextAttemptAt, (DateTime?)null)));
        Assert.Equal(0, await HostRunAsync());

        Assert.Equal(3, ids.Sum(id => UnfollowsSent(user, id)));
        var job = await JobAsync(jobId);
        Assert.Equal((BulkJobStatus.WaitingForRateLimit, 3), (job.Status, job.Done));
        Assert.NotNull(job.NextAttemptAt);
        await AssertCountersMatchItemsAsync(jobId);
        user.Dispose();
    }
}
