using System.Net;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>A host with the bulk executor running, as in production.</summary>
public sealed class RunningExecutorFixture : DashboardFixture
{
    public RunningExecutorFixture() => Settings["Dashboard:BulkExecutorEnabled"] = "true";
}

public sealed class BulkUnfollowExecutorTests(RunningExecutorFixture app) : IClassFixture<RunningExecutorFixture>
{
    [Fact]
    public async Task A_queued_job_is_picked_up_by_the_hosted_executor_without_waiting_for_its_interval()
    {
        var user = await app.SignInAsync();
        var ids = await app.TakeFollowedAsync(user.AccountId, 2);
        var tag = "exec" + SenderSeed.NewId()[^8..];
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        seed.Sender(tag + "_a", 0.9, id: ids[0]);
        seed.Sender(tag + "_b", 0.8, id: ids[1]);
        await app.SeedAsync(seed);

        using var response = await DashboardRequests.PostAsync(user, "UnfollowAll", [new("filter", "flagged"), new("q", tag)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // The fake clock never reaches the executor's interval: only the wake-up from queuing can start the job.
        // The work itself runs on the executor's thread, so wait for its result (bounded), not for time to pass.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        BulkJobStatus status;
        do
        {
            await Task.Delay(100);
            status = await app.WithDbAsync(db => db.BulkUnfollowJobs.Where(j => j.AccountId == user.AccountId).OrderByDescending(j => j.Id).Select(j => j.Status).FirstAsync());
        }
        while (status != BulkJobStatus.Completed && DateTime.UtcNow < deadline);

        Assert.Equal(BulkJobStatus.Completed, status);
        var following = await app.SandboxAdmin.FollowingAsync(user.AccountId);
        Assert.DoesNotContain(ids[0], following);
        Assert.DoesNotContain(ids[1], following);
    }
}
