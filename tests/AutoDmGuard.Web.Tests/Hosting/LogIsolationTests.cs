using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Hosting;

/// <summary>
/// Test hosts run in parallel in one process. If a host logged through Serilog's static Log.Logger (the request logging
/// middleware does unless given a logger), its lines would land in whichever host was built last, and a log assertion
/// such as SecretsInLogsTests' would pass or fail by build order. Built in a fixed order here, so it fails every time.
/// </summary>
public sealed class LogIsolationTests
{
    [Fact]
    public async Task Each_host_logs_its_own_requests_only()
    {
        await using var first = await AppFactory.StartAsync();
        using var firstClient = first.CreateAppClient();
        await using var second = await AppFactory.StartAsync();
        using var secondClient = second.CreateAppClient(); // built last: it would own a static logger
        var path = "/no-such-page-" + Guid.NewGuid().ToString("N");

        using (await firstClient.GetAsync(new Uri(path, UriKind.Relative)))
        {
        }

        Assert.True(first.Logs.Contains(path), "The request is missing from its own host's log:\n" + string.Join('\n', first.Logs.Lines));
        Assert.False(second.Logs.Contains(path), "Another host logged the request:\n" + string.Join('\n', second.Logs.Lines));
    }
}
