using System.Text.RegularExpressions;
using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Operations;

/// <summary>
/// A web instance and a worker instance on one database and one data folder (its key ring) and one sandbox: the
/// user signs in on the web instance, only the worker's own hosted loop polls, and the web instance shows the result.
/// </summary>
public sealed partial class SplitRolesTests
{
    [Fact]
    public async Task The_worker_instance_polls_what_the_web_instance_signed_in_and_the_web_instance_shows_it()
    {
        await using var web = await AppFactory.StartAsync(f =>
        {
            f.Settings["Role"] = "web";
            f.Settings["Polling:Enabled"] = "true";
        });
        using var user = await web.SignInAsync();
        await using var worker = await AppFactory.StartAsync(f =>
        {
            f.Settings["Role"] = "worker";
            f.Settings["Polling:Enabled"] = "true";
            f.Settings["Data:Directory"] = web.DataDirectory;
            foreach (var (key, value) in web.Database.AppSettings())
            {
                f.Settings[key] = value; // on PostgreSQL the web instance's database, not one of its own
            }

            f.Settings["Sandbox:BaseAddress"] = web.Sandbox.BaseAddress.AbsoluteUri;
            f.Settings["X:ClientId"] = AppFactory.ClientId;
            f.Settings["X:ClientSecret"] = web.ClientSecret;
        });
        _ = worker.Services; // builds and starts the worker host: its loop runs a pass at once

        // The web instance has no loop of its own: however far its clock moves, nothing is read from X there.
        web.Clock.Advance(TimeSpan.FromMinutes(5));
        var flagged = 0;
        var until = DateTime.UtcNow.AddSeconds(90);
        while (flagged == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
            worker.Clock.Advance(TimeSpan.FromSeconds(15));
            flagged = FlaggedSender().Count(await user.Client.GetPageAsync("/"));
        }

        Assert.True(flagged > 0, "The web instance shows no flagged sender 90 s after the worker instance started.");
        Assert.True(worker.XRequests.Count("GET /2/dm_events") > 0);
        Assert.Equal(0, web.XRequests.Count("GET /2/dm_events"));
    }

    [GeneratedRegex("data-testid=\"flagged-sender\"")]
    private static partial Regex FlaggedSender();
}
