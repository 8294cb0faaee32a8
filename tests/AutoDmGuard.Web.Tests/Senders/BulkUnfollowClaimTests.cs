using System.Globalization;
using System.Net;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>A bulk unfollow claims each item before its call to X, and a cancel during that call is never undone.</summary>
public sealed class BulkUnfollowClaimTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private readonly DashboardFixture _app = app;

    private async Task<(SignedInUser User, IReadOnlyList<string> Ids, BulkUnfollowJob Job)> QueueAsync(int count)
    {
        var user = await _app.SignInAsync();
        var tag = "claim" + SenderSeed.NewId()[^8..];
        var ids = await _app.SeedFollowedSendersAsync(user.AccountId, tag, count);
        using var response = await DashboardRequests.PostAsync(user, "UnfollowAll", [new("filter", "flagged"), new("q", tag)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var job = await _app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().Where(j => j.AccountId == user.AccountId).OrderByDescending(j => j.Id).FirstAsync());
        return (user, ids, job);
    }

    private Task<int> RunAsync() => _app.WithServiceAsync<BulkUnfollowRunner, int>(r => r.RunOnceAsync(CancellationToken.None));

    private Task<List<SenderAction>> ActionsAsync(long jobId) =>
        _app.WithDbAsync(db => db.SenderActions.AsNoTracking().Where(a => a.BulkJobId == jobId).OrderBy(a => a.Id).ToListAsync());

    private static bool IsUnfollow(string request) => request.StartsWith("DELETE /2/users/", StringComparison.Ordinal) && request.Contains("/following/", StringComparison.Ordinal);

    [Fact]
    public async Task Item_is_claimed_in_the_database_before_its_call_to_x()
    {
        var (user, _, job) = await QueueAsync(2);
        var seenAtCall = new List<ActionStatus[]>();
        _app.XRequests.BeforeSend = async request =>
        {
            if (IsUnfollow(request))
            {
                seenAtCall.Add([.. (await ActionsAsync(job.Id)).Select(a => a.Status)]);
            }
        };

        Assert.Equal(2, await RunAsync());
        _app.XRequests.BeforeSend = null;

        Assert.Equal(2, seenAtCall.Count);
        Assert.Equal([ActionStatus.InFlight, ActionStatus.Pending], seenAtCall[0]);
        Assert.Equal([ActionStatus.Done, ActionStatus.InFlight], seenAtCall[1]);
        Assert.All(await ActionsAsync(job.Id), a => Assert.Equal(ActionStatus.Done, a.Status));
        user.Dispose();
    }

    [Fact]
    public async Task Claim_left_by_a_crash_is_resolved_against_x_without_a_second_unfollow()
    {
        var (user, ids, job) = await QueueAsync(2);
        // A kill -9 after X carried out the first unfollow (and before the app saved it), and one before the second
        // reached X: both items are left claimed, by an instance whose claims are a lease old (so its calls have ended).
        await _app.WithServiceAsync<XFollowGraph, XCallResult>(x => x.UnfollowAsync(user.AccountId, ids[0], CancellationToken.None));
        var claimedAt = _app.Clock.GetUtcNow().UtcDateTime - new SendersOptions().BulkJobLeaseDuration;
        await _app.WithDbAsync(db => db.SenderActions.Where(a => a.BulkJobId == job.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ActionStatus.InFlight).SetProperty(a => a.ClaimedBy, "a-dead-instance").SetProperty(a => a.CompletedAt, claimedAt)));
        var before = _app.XRequests.Requests.Count(IsUnfollow);

        await RunAsync();

        var sent = _app.XRequests.Requests.Count(IsUnfollow) - before;
        Assert.Equal(1, sent);
        Assert.Empty((await _app.SandboxAdmin.FollowingAsync(user.AccountId)).Intersect(ids));
        Assert.All(await ActionsAsync(job.Id), a => Assert.Equal(ActionStatus.Done, a.Status));
        var done = await _app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id));
        Assert.Equal((BulkJobStatus.Completed, 2, 0), (done.Status, done.Done, done.Failed));
        user.Dispose();
    }

    [Fact]
    public async Task Cancel_during_a_call_to_x_stays_cancelled()
    {
        var (user, ids, job) = await QueueAsync(3);
        var cancelled = false;
        _app.XRequests.BeforeSend = async request =>
        {
            if (IsUnfollow(request) && !cancelled)
            {
                cancelled = true;
                using var cancel = await DashboardRequests.PostAsync(user, "CancelBulk", [new("jobId", job.Id.ToString(CultureInfo.InvariantCulture))]);
                Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
            }
        };

        await RunAsync();
        _app.XRequests.BeforeSend = null;

        var after = await _app.WithDbAsync(db => db.BulkUnfollowJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id));
        Assert.Equal((BulkJobStatus.Cancelled, 1), (after.Status, after.Done));
        Assert.Equal(2, (await _app.SandboxAdmin.FollowingAsync(user.AccountId)).Intersect(ids).Count());
        var actions = await ActionsAsync(job.Id);
        Assert.Equal([ActionStatus.Done, ActionStatus.Cancelled, ActionStatus.Cancelled], actions.Select(a => a.Status));
        user.Dispose();
    }
}
