using System.Net;
using AutoDmGuard.XApi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AutoDmGuard.XApi.Tests.Client;

public sealed class XApiClockTests
{
    [Fact]
    public async Task Retries_and_timeouts_run_on_real_time_even_when_the_app_clock_is_fake()
    {
        // A fake app clock nobody advances: if the resilience pipeline took it from DI, the retry delay would never end.
        using var x = StubbedXApi.Create(o => o.AttemptTimeout = StubbedXApi.HangAttemptTimeout, clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        x.Handler.Respond(HttpStatusCode.ServiceUnavailable, "{}", "application/json").Hang().RespondJson("users_me.json");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var me = await x.Client.GetMeAsync(StubbedXApi.Token, guard.Token);

        Assert.Equal("demo_account", me.Data!.Username);
        Assert.Equal(3, x.Handler.Requests.Count);
    }
}
