using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class AccountsTests
{
    [Fact]
    public async Task A_slow_account_does_not_hold_up_another()
    {
        await using var app = await PollingAppFactory.StartAsync(f => f.Settings["Polling:MaxParallelAccounts"] = "2");
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Hooks.OnCheckpoint = async (accountId, _, ct) =>
        {
            if (accountId == mira.AccountId)
            {
                await release.Task.WaitAsync(ct);
            }
        };

        var pass = app.RunPassAsync();
        try
        {
            // Theo's poll completes while Mira's is stuck after her first page. Mira stays stuck until released, so
            // the wait only bounds a bug; 10 s was less than Theo's whole backfill takes on a loaded 2-core machine.
            var theoDone = false;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!theoDone && DateTime.UtcNow < deadline)
            {
                await Task.Delay(25);
                theoDone = (await app.WithDbAsync(db => db.PollStates.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == theo.AccountId)))?.LastSuccessAt is not null;
            }

            Assert.True(theoDone, "Theo's poll did not finish while Mira's was stuck.");
            Assert.False(pass.IsCompleted, "The pass finished although Mira's poll was stuck.");
        }
        finally
        {
            release.TrySetResult();
        }

        var result = await pass;
        Assert.Equal(AccountPollStatus.Polled, result.For(mira.AccountId)?.Status);
        Assert.Equal(AccountPollStatus.Polled, result.For(theo.AccountId)?.Status);
    }

    [Fact]
    public async Task A_hanging_account_is_cut_off_at_its_time_box_and_the_other_is_polled()
    {
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.Settings["Polling:MaxParallelAccounts"] = "1";
            f.Settings["Polling:AccountTimeout"] = "00:00:30";
        });
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        app.Hooks.OnCheckpoint = async (accountId, _, ct) =>
        {
            if (accountId == mira.AccountId)
            {
                // Mira's poll hangs; her 30 s time box (on the app clock) runs out meanwhile.
                var hang = Task.Delay(Timeout.InfiniteTimeSpan, ct);
                app.Clock.Advance(TimeSpan.FromSeconds(31));
                await hang;
            }
        };

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Failed, result.For(mira.AccountId)?.Status);
        Assert.Equal(AccountPollStatus.Polled, result.For(theo.AccountId)?.Status);
        Assert.True((await app.StateAsync(theo.AccountId)).BackfillCompleted);
        var miraState = await app.StateAsync(mira.AccountId);
        Assert.Null(miraState.LeaseOwner);
        Assert.Contains("longer than", miraState.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_account_needing_reauthorization_does_not_stop_the_other()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await app.SandboxAdmin.RevokeTokensAsync(mira.AccountId);

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.NeedsReauthorization, result.For(mira.AccountId)?.Status);
        Assert.Equal(AccountPollStatus.Polled, result.For(theo.AccountId)?.Status);
        Assert.NotEmpty(await app.StoredEventsAsync(theo.AccountId));
    }

    [Fact]
    public async Task Account_leased_by_another_instance_is_skipped_until_the_lease_expires()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        var until = await app.HoldLeaseAsync(user.AccountId);

        var blocked = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.LeaseHeldElsewhere, blocked.For(user.AccountId)?.Status);
        Assert.Empty(await app.StoredEventsAsync(user.AccountId));
        Assert.Equal(PollingAppFactory.OtherInstance, (await app.StateAsync(user.AccountId)).LeaseOwner);

        app.Clock.SetUtcNow(until.AddSeconds(1));
        var polled = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, polled.For(user.AccountId)?.Status);
        Assert.NotEmpty(await app.StoredEventsAsync(user.AccountId));
        Assert.Null((await app.StateAsync(user.AccountId)).LeaseOwner);
    }
}
