using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Accounts;

public sealed class SecretsInLogsTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Code_state_tokens_and_client_secret_never_reach_the_log()
    {
        using var client = app.CreateAppClient();
        var callback = await app.ConsentAsync(client, username: null, allow: true);
        using (await client.GetAsync(callback))
        {
        }

        var query = QueryHelpers.ParseQuery(callback.Query);
        var accountId = app.Sandbox.SignableAccounts[0].Id;
        var stored = await app.WithDbAsync(db => db.AccountTokens.AsNoTracking().SingleAsync(t => t.AccountId == accountId));
        var protector = app.Services.GetRequiredService<AccountTokenProtector>();
        app.Clock.Advance(TimeSpan.FromHours(2));
        var refreshed = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(accountId, default));

        // This host's log (not another test host's) recorded the sign-in and the callback, by path only.
        Assert.True(app.Logs.Contains("signed in with X"), "The sign-in was not logged.");
        Assert.True(app.Logs.Contains("/signin-x"), "The request log has no line for the callback:\n" + string.Join('\n', app.Logs.Lines));
        string[] secrets =
        [
            query["code"]!, query["state"]!, app.ClientSecret, refreshed,
            protector.Unprotect(accountId, stored.ProtectedAccessToken), protector.Unprotect(accountId, stored.ProtectedRefreshToken!),
        ];
        foreach (var secret in secrets)
        {
            Assert.False(string.IsNullOrEmpty(secret));
            Assert.False(app.Logs.Contains(secret), $"A secret reached the log:\n{string.Join('\n', app.Logs.Lines)}");
        }
    }
}
