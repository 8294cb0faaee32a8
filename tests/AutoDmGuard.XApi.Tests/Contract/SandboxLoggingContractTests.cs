using AutoDmGuard.XApi.Tests.Infrastructure;
using AutoDmGuard.XApiSandbox;
using Microsoft.Extensions.Logging;

namespace AutoDmGuard.XApi.Tests.Contract;

public sealed class SandboxLoggingContractTests
{
    [Fact]
    public async Task Tokens_and_the_client_secret_never_reach_logs_and_dm_text_stays_at_debug_or_below()
    {
        var logs = new CapturingLoggerProvider();
        await using var s = await SandboxSession.StartAsync(logs: logs);
        var me = await s.SignInAsync();
        var refreshed = await s.OAuth.RefreshAsync(me.Token.RefreshToken!);
        var page = await s.Client.GetDmEventsPageAsync(refreshed.AccessToken, new XDmEventsQuery { MaxResults = 20 });
        await s.Admin.AddFaultAsync(RouteKeys.DmEvents, "malformed");
        await Assert.ThrowsAsync<XApiMalformedResponseException>(() => s.Client.GetDmEventsPageAsync(refreshed.AccessToken, new XDmEventsQuery()));
        await Assert.ThrowsAsync<XOAuthException>(() => s.OAuth.RefreshAsync(me.Token.RefreshToken!));
        await s.OAuth.RevokeAsync(refreshed.AccessToken, "access_token");
        await Assert.ThrowsAsync<XUnauthorizedException>(() => s.Client.GetMeAsync(refreshed.AccessToken));

        var lines = logs.Lines;
        Assert.NotEmpty(lines);
        string[] secrets = [me.AccessToken, me.Token.RefreshToken!, refreshed.AccessToken, refreshed.RefreshToken!, SandboxSession.ClientSecret];
        Assert.All(lines, line => Assert.DoesNotContain(secrets, secret => line.Text.Contains(secret, StringComparison.Ordinal)));
        var texts = page.Data.Where(e => e.Text is { Length: > 12 }).Select(e => e.Text!).ToList();
        Assert.NotEmpty(texts);
        Assert.All(lines.Where(l => l.Level > LogLevel.Debug), line => Assert.DoesNotContain(texts, text => line.Text.Contains(text, StringComparison.Ordinal)));
    }
}
