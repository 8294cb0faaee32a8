using System.Text.Json;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class BillingTests
{
    [Fact]
    public async Task A_dm_event_is_billed_once_per_user_per_utc_day()
    {
        // 23:00 UTC, so two hours later is the next UTC day.
        await using var sandbox = await TestSandbox.StartAsync(o => o.RateLimitsEnabled = false, new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero));
        var mira = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
        var theo = await sandbox.AccessTokenAsync(DemoAccounts.Theo.Id);

        var page = await sandbox.GetAsync("2/dm_events?max_results=10", mira);
        await sandbox.GetAsync("2/dm_events?max_results=10", mira);
        await sandbox.GetAsync("2/dm_events?max_results=5", mira);
        var afterDayOne = await Billing(sandbox);
        Assert.Equal(10, afterDayOne.GetProperty("dm_event_reads_billable").GetInt64());
        Assert.Equal(25, afterDayOne.GetProperty("dm_events_returned").GetInt64());
        Assert.Equal(10, afterDayOne.GetProperty("users").GetProperty(DemoAccounts.Mira.Id).GetInt64());

        // The conversation between the two demo accounts is read by both: billed to each.
        var shared = await sandbox.GetAsync($"2/dm_conversations/with/{DemoAccounts.Mira.Id}/dm_events", theo);
        var sharedCount = shared.Body.GetProperty("meta").GetProperty("result_count").GetInt32();
        Assert.True(sharedCount > 0);
        Assert.Equal(sharedCount, (await Billing(sandbox)).GetProperty("users").GetProperty(DemoAccounts.Theo.Id).GetInt64());

        sandbox.Clock.Advance(TimeSpan.FromHours(2));
        mira = await sandbox.AccessTokenAsync(DemoAccounts.Mira.Id);
        await sandbox.GetAsync("2/dm_events?max_results=10", mira);
        await sandbox.GetAsync("2/dm_events?max_results=10", mira);

        var afterDayTwo = await Billing(sandbox);
        Assert.Equal(20 + sharedCount, afterDayTwo.GetProperty("dm_event_reads_billable").GetInt64());
        Assert.Equal(10, afterDayTwo.GetProperty("days").GetProperty("2026-11-26").GetProperty(DemoAccounts.Mira.Id).GetInt64());
        Assert.Equal(10, afterDayTwo.GetProperty("days").GetProperty("2026-11-27").GetProperty(DemoAccounts.Mira.Id).GetInt64());
        Assert.Equal(10, page.Body.GetProperty("data").GetArrayLength());
    }

    private static async Task<JsonElement> Billing(TestSandbox sandbox) => (await sandbox.GetAsync("_sandbox/billing", null)).Body;
}
