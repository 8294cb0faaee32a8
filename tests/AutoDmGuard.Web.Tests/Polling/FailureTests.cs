using AutoDmGuard.Web.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class FailureTests
{
    private const string DmRoute = "GET /2/dm_events";

    [Fact]
    public async Task Rate_limited_account_waits_for_the_reset_then_catches_up()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.SandboxAdmin.AddFaultAsync(DmRoute, "429");

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Failed, result.For(user.AccountId)?.Status);
        var state = await app.StateAsync(user.AccountId);
        Assert.Empty(await app.StoredEventsAsync(user.AccountId));
        Assert.Equal(0, state.RateLimitRemaining);
        Assert.NotNull(state.RateLimitResetAt);
        Assert.True(state.RateLimitResetAt > app.Now);
        Assert.Equal(state.RateLimitResetAt, state.NextDmPollAt);
        Assert.Contains("rate limited", state.LastError, StringComparison.Ordinal);

        // Not polled again before the reset (a further 429 would be the sandbox's answer, and it stays queued).
        await app.SandboxAdmin.AddFaultAsync(DmRoute, "429");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null((await app.RunPassAsync()).For(user.AccountId));

        await app.SandboxAdmin.ClearFaultsAsync();
        app.Clock.SetUtcNow(state.NextDmPollAt!.Value);
        Assert.Equal(AccountPollStatus.Polled, (await app.RunPassAsync()).For(user.AccountId)?.Status);
        var recovered = await app.StateAsync(user.AccountId);
        Assert.True(recovered.BackfillCompleted);
        Assert.Null(recovered.LastError);
        Assert.Equal(0, recovered.ConsecutiveFailures);
    }

    [Theory]
    [InlineData("503")]
    [InlineData("500")]
    [InlineData("hang")]
    public async Task Server_errors_and_timeouts_back_off_exponentially_then_recover(string fault)
    {
        await using var app = await PollingAppFactory.StartAsync(f =>
        {
            f.Settings["Polling:BackoffBase"] = "00:01:00";
            f.Settings["Polling:BackoffCap"] = "00:30:00";
            if (fault == "hang")
            {
                f.UseShortClientTimeouts();
            }
        });
        using var user = await app.SignInAsync();
        // The client retries once: two faulty answers make one failed read.
        await app.SandboxAdmin.AddFaultAsync(DmRoute, fault, count: 4);

        var (first, firstAt) = await app.RunPassDrivingClockAsync();
        Assert.Equal(AccountPollStatus.Failed, first.For(user.AccountId)?.Status);
        var afterFirst = await app.StateAsync(user.AccountId);
        Assert.Equal(1, afterFirst.ConsecutiveFailures);
        Assert.NotNull(afterFirst.LastError);
        Assert.StartsWith("dm_events:", afterFirst.LastError, StringComparison.Ordinal);
        // 1 min ± 20 % jitter, measured from the start of the pass (the clock moved while the client waited).
        Assert.InRange(afterFirst.NextDmPollAt!.Value, firstAt.AddSeconds(48), app.Now.AddSeconds(72));
        Assert.Empty(await app.StoredEventsAsync(user.AccountId));

        app.Clock.SetUtcNow(afterFirst.NextDmPollAt.Value);
        var (_, secondAt) = await app.RunPassDrivingClockAsync();
        var afterSecond = await app.StateAsync(user.AccountId);
        Assert.Equal(2, afterSecond.ConsecutiveFailures);
        Assert.InRange(afterSecond.NextDmPollAt!.Value, secondAt.AddSeconds(96), app.Now.AddSeconds(144));

        app.Clock.SetUtcNow(afterSecond.NextDmPollAt.Value);
        var third = await app.RunPassAsync();
        Assert.Equal(AccountPollStatus.Polled, third.For(user.AccountId)?.Status);
        var recovered = await app.StateAsync(user.AccountId);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Null(recovered.LastError);
        Assert.True(recovered.BackfillCompleted);
    }

    [Theory]
    [InlineData("malformed")]
    [InlineData("truncated")]
    public async Task Malformed_page_stores_nothing_from_it_and_is_read_again_later(string fault)
    {
        await using var app = await PollingAppFactory.StartAsync(f => f.RateLimitsEnabled = false);
        using var user = await app.SignInAsync();
        // The first page arrives fine; the second one is broken.
        var pages = 0;
        app.Hooks.OnCheckpoint = async (_, checkpoint, _) =>
        {
            if (checkpoint == PollingCheckpoint.BackfillPageStored && ++pages == 1)
            {
                // Two: the client may retry a broken read once (it does for a truncated body).
                await app.SandboxAdmin.AddFaultAsync(DmRoute, fault, count: 2);
            }
        };

        var (result, _) = await app.RunPassDrivingClockAsync();

        Assert.Equal(AccountPollStatus.Failed, result.For(user.AccountId)?.Status);
        var state = await app.StateAsync(user.AccountId);
        Assert.Equal(100, (await app.StoredEventsAsync(user.AccountId)).Count);
        Assert.Equal(100, state.BackfillEventsStored);
        Assert.NotNull(state.BackfillPaginationToken);
        Assert.False(state.BackfillCompleted);
        Assert.StartsWith("dm_events:", state.LastError, StringComparison.Ordinal);
        if (fault == "malformed")
        {
            Assert.Contains("malformed", state.LastError, StringComparison.Ordinal);
        }

        app.Hooks.OnCheckpoint = null;
        await app.SandboxAdmin.ClearFaultsAsync();
        app.Clock.SetUtcNow(state.NextDmPollAt!.Value);
        await app.RunPassAsync();
        await app.AssertStoredExactlyTheSandboxInboxAsync(user.AccountId);
    }

    [Fact]
    public async Task Revoked_token_marks_the_account_for_reauthorization_and_polling_stops()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.SandboxAdmin.RevokeTokensAsync(user.AccountId);

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.NeedsReauthorization, result.For(user.AccountId)?.Status);
        var account = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId));
        Assert.True(account.NeedsReauthorization);
        var state = await app.StateAsync(user.AccountId);
        Assert.StartsWith("Needs re-authorization", state.LastError, StringComparison.Ordinal);
        Assert.Empty(await app.StoredEventsAsync(user.AccountId));

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null((await app.RunPassAsync()).For(user.AccountId));
    }

    [Fact]
    public async Task Expired_access_token_rejected_by_X_is_refreshed_once_and_the_poll_goes_on()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        // The app believes its token is good for a day; X (the sandbox) expires it after 2 hours and answers 401.
        await app.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == user.AccountId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AccessTokenExpiresAt, app.Now.AddDays(1))));
        app.Clock.Advance(TimeSpan.FromHours(3));

        var result = await app.RunPassAsync();

        Assert.Equal(AccountPollStatus.Polled, result.For(user.AccountId)?.Status);
        Assert.NotEmpty(await app.StoredEventsAsync(user.AccountId));
        var account = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId));
        Assert.False(account.NeedsReauthorization);
    }
}
