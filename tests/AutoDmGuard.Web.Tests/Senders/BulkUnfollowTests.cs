using System.Net;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>A host whose unfollow budget is 3 per 15 minutes, so the window is easy to fill.</summary>
public sealed class SmallBudgetFixture : DashboardFixture
{
    public SmallBudgetFixture() => Settings["Dashboard:UnfollowsPerWindow"] = "3";
}

/// <summary>"Unfollow all shown": queued, worked off by the runner within the limits, resumable, cancellable.</summary>
public sealed class BulkUnfollowTests(SmallBudgetFixture app) : IClassFixture<SmallBudgetFixture>
{
    private const string UnfollowRoute = "DELETE /2/users/:source_user_id/following/:target_user_id";

    private async Task<(SignedInUser User, IReadOnlyList<string> SenderIds, string Tag)> SignInWithFollowedSendersAsync(int count)
    {
        // Earlier tests' unfollows count against the window: start each test in a fresh one.
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var user = await app.SignInAsync();
        var tag = "bulk" + SenderSeed.NewId()[^8..];
        var ids = await app.SeedFollowedSendersAsync(user.AccountId, tag, count);
        return (user, ids, tag);
    }

    private async Task<BulkUnfollowJob> QueueAsync(SignedInUser user, string tag)
    {
        using var response = await DashboardRequests.PostAsync(user, "UnfollowAll", [new("filter", "flagged"), new("q", tag)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await LatestJobAsync(user.AccountId);
    }

    private Task<BulkUnfollowJob> LatestJobAsync(string accountId) =>
        app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().Where(j => j.AccountId == accountId).OrderByDescending(j => j.Id).FirstAsync());

    private Task<int> RunAsync() => app.WithServiceAsync<BulkUnfollowRunner, int>(r => r.RunOnceAsync(CancellationToken.None));

    private async Task<int> StillFollowedAsync(SignedInUser user, IEnumerable<string> ids)
    {
        var following = (await app.SandboxAdmin.FollowingAsync(user.AccountId)).ToHashSet(StringComparer.Ordinal);
        return ids.Count(following.Contains);
    }

    [Fact]
    public async Task Stops_at_the_window_budget_and_resumes_when_the_window_has_passed()
    {
        var (user, ids, tag) = await SignInWithFollowedSendersAsync(5);

        var job = await QueueAsync(user, tag);
        Assert.Equal((BulkJobStatus.Queued, 5), (job.Status, job.Total));

        var started = app.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(3, await RunAsync());
        job = await LatestJobAsync(user.AccountId);
        Assert.Equal(BulkJobStatus.WaitingForRateLimit, job.Status);
        Assert.Equal(3, job.Done);
        Assert.Equal(started.AddMinutes(15), job.NextAttemptAt);
        Assert.Equal(2, await StillFollowedAsync(user, ids));
        Assert.Contains("3 of 5 unfollowed", await user.GetPageAsync("/senders"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(2, await StillFollowedAsync(user, ids));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await RunAsync());
        job = await LatestJobAsync(user.AccountId);
        Assert.Equal((BulkJobStatus.Completed, 5, 0), (job.Status, job.Done, job.Failed));
        Assert.Equal(0, await StillFollowedAsync(user, ids));
        Assert.All(await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && ids.Contains(v.SenderId)).ToListAsync()),
            v => Assert.Equal(SenderStatus.Unfollowed, v.Status));
    }

    [Fact]
    public async Task Waits_for_X_reset_time_after_a_429_and_then_finishes()
    {
        var (user, ids, tag) = await SignInWithFollowedSendersAsync(2);
        var job = await QueueAsync(user, tag);
        await app.SandboxAdmin.AddFaultAsync(UnfollowRoute, "429");

        Assert.Equal(1, await RunAsync());
        job = await LatestJobAsync(user.AccountId);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(BulkJobStatus.WaitingForRateLimit, job.Status);
        Assert.Equal(0, job.Done);
        Assert.True(job.NextAttemptAt > now, $"NextAttemptAt {job.NextAttemptAt:O} should be after {now:O}");
        Assert.Equal(2, await app.WithDbAsync(db => db.SenderActions.CountAsync(a => a.BulkJobId == job.Id && a.Status == ActionStatus.Pending)));

        Assert.Equal(0, await RunAsync());
        app.Clock.SetUtcNow(new DateTimeOffset(job.NextAttemptAt!.Value, TimeSpan.Zero));
        Assert.Equal(2, await RunAsync());

        job = await LatestJobAsync(user.AccountId);
        Assert.Equal((BulkJobStatus.Completed, 2), (job.Status, job.Done));
        Assert.Equal(0, await StillFollowedAsync(user, ids));
    }

    [Fact]
    public async Task Cancel_stops_the_job_and_keeps_what_was_done()
    {
        var (user, ids, tag) = await SignInWithFollowedSendersAsync(4);
        var job = await QueueAsync(user, tag);
        Assert.Equal(3, await RunAsync());

        using var cancel = await DashboardRequests.PostAsync(user, "CancelBulk", [new("jobId", job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(0, await RunAsync());

        job = await LatestJobAsync(user.AccountId);
        Assert.Equal((BulkJobStatus.Cancelled, 3), (job.Status, job.Done));
        Assert.Equal(1, await StillFollowedAsync(user, ids));
        Assert.Equal(1, await app.WithDbAsync(db => db.SenderActions.CountAsync(a => a.BulkJobId == job.Id && a.Status == ActionStatus.Cancelled)));
    }

    [Fact]
    public async Task Another_accounts_job_cannot_be_cancelled()
    {
        var user = await app.SignInAsync();
        var stranger = new SenderSeed();
        stranger.Sender("x", 0.9);
        await app.SeedAsync(stranger);
        var foreignJob = await app.WithDbAsync(async db =>
        {
            var job = new BulkUnfollowJob { AccountId = stranger.AccountId, Status = BulkJobStatus.Queued, Total = 1, CreatedAt = DateTime.UtcNow };
            db.BulkUnfollowJobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });

        using var response = await DashboardRequests.PostAsync(user, "CancelBulk", [new("jobId", foreignJob.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(BulkJobStatus.Queued, await app.WithDbAsync(db => db.BulkUnfollowJobs.Where(j => j.Id == foreignJob).Select(j => j.Status).SingleAsync()));
    }
}
