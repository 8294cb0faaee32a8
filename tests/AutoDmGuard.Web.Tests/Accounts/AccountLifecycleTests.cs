using System.Net;
using System.Text;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Accounts;

public sealed class AccountLifecycleTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Disconnect_revokes_the_tokens_at_X_and_deletes_them_here()
    {
        using var user = await app.SignInAsync();
        var access = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        Assert.Equal(user.AccountId, await MeAsync(access));

        using var response = await user.PostFormAsync("/Account?handler=Disconnect");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await Assert.ThrowsAsync<XUnauthorizedException>(() => MeAsync(access));
        Assert.False(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.AccountId == user.AccountId)));
        var page = await user.GetPageAsync("/Account");
        Assert.Contains("X revoked", HtmlForms.TextOfId(page, "account-status-message"), StringComparison.Ordinal);
        Assert.StartsWith("Not connected", HtmlForms.TextOfId(page, "connection-state"), StringComparison.Ordinal);
        Assert.NotNull(HtmlForms.TextOfId(page, "reauthorize-banner"));
        await Assert.ThrowsAsync<AccountNeedsReauthorizationException>(() =>
            app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default)));
    }

    [Fact]
    public async Task Disconnect_when_X_cannot_revoke_still_deletes_the_tokens_and_says_so()
    {
        using var user = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await app.SandboxAdmin.AddFaultAsync("POST /2/oauth2/revoke", "500", count: 2);
        try
        {
            using var response = await user.PostFormAsync("/Account?handler=Disconnect");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        finally
        {
            await app.SandboxAdmin.ClearFaultsAsync();
        }

        Assert.False(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.AccountId == user.AccountId)));
        var page = await user.GetPageAsync("/Account");
        Assert.Contains("could not be reached", HtmlForms.TextOfId(page, "account-status-message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_my_data_needs_the_confirmation_box()
    {
        using var user = await app.SignInAsync();

        using var response = await user.PostFormAsync("/Account?handler=Delete");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Tick the box", HtmlForms.TextOfId(await response.Content.ReadAsStringAsync(), "delete-errors"), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Id == user.AccountId)));
    }

    [Fact]
    public async Task Delete_my_data_removes_every_row_of_the_account_revokes_and_signs_out()
    {
        var (me, other) = (app.Sandbox.SignableAccounts[0], app.Sandbox.SignableAccounts[1]);
        using var otherUser = await app.SignInAsync(other.Username);
        using var user = await app.SignInAsync(me.Username);
        var access = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        await SeedEveryTableAsync(me.Id);
        await SeedEveryTableAsync(other.Id);
        var otherRowsBefore = await CountRowsAsync(other.Id);

        using var response = await user.PostFormAsync("/Account?handler=Delete", [new("Input.Confirm", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await CountRowsAsync(me.Id));
        Assert.Equal(otherRowsBefore, await CountRowsAsync(other.Id));
        await Assert.ThrowsAsync<XUnauthorizedException>(() => MeAsync(access));
        Assert.Null(HtmlForms.TextOfId(await user.GetPageAsync("/"), "signed-in-handle"));
        Assert.Equal("@" + other.Username, HtmlForms.TextOfId(await otherUser.GetPageAsync("/"), "signed-in-handle"));
    }

    [Fact]
    public async Task Deleting_in_one_browser_ends_the_other_sessions_of_that_account()
    {
        var me = app.Sandbox.SignableAccounts[2];
        using var laptop = await app.SignInAsync(me.Username);
        using var phone = await app.SignInAsync(me.Username);

        using var response = await laptop.PostFormAsync("/Account?handler=Delete", [new("Input.Confirm", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Null(HtmlForms.TextOfId(await phone.GetPageAsync("/"), "signed-in-handle"));
        using var account = await phone.Client.GetAsync(new Uri("/Account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }

    [Fact]
    public async Task The_database_file_logs_and_pages_never_hold_a_plaintext_token()
    {
        using var user = await app.SignInAsync();
        var protector = app.Services.GetRequiredService<AccountTokenProtector>();
        var tokens = new List<string>();
        async Task CollectAsync()
        {
            var stored = await app.WithDbAsync(db => db.AccountTokens.AsNoTracking().SingleAsync(t => t.AccountId == user.AccountId));
            tokens.Add(protector.Unprotect(user.AccountId, stored.ProtectedAccessToken));
            tokens.Add(protector.Unprotect(user.AccountId, stored.ProtectedRefreshToken!));
        }

        await CollectAsync();
        app.Clock.Advance(TimeSpan.FromHours(2));
        var refreshed = await app.WithServiceAsync<AccountTokenService, string>(s => s.GetAccessTokenAsync(user.AccountId, default));
        await CollectAsync();
        Assert.Equal(user.AccountId, await MeAsync(refreshed));
        Assert.Equal(4, tokens.Distinct(StringComparer.Ordinal).Count());

        var pages = await user.GetPageAsync("/") + await user.GetPageAsync("/Account");
        // The SQLite file (and its WAL); a PostgreSQL server's files are not the app's to read, its rows are checked below.
        var files = Directory.GetFiles(app.DataDirectory, "autodmguard.db*").Select(File.ReadAllBytes).ToList();
        Assert.True(TestDatabase.IsPostgreSql || files.Count > 0, "No database file in the data folder.");
        var stored = await app.WithDbAsync(db => db.AccountTokens.AsNoTracking().Select(t => t.ProtectedAccessToken + " " + t.ProtectedRefreshToken).ToListAsync());
        foreach (var token in tokens)
        {
            var bytes = Encoding.UTF8.GetBytes(token);
            Assert.All(files, file => Assert.Equal(-1, file.AsSpan().IndexOf(bytes)));
            Assert.All(stored, row => Assert.DoesNotContain(token, row, StringComparison.Ordinal));
            Assert.False(app.Logs.Contains(token), "A token reached the log.");
            Assert.DoesNotContain(token, pages, StringComparison.Ordinal);
        }
    }

    private async Task<string> MeAsync(string accessToken) =>
        (await app.WithServiceAsync<IXApiClient, XResponse<XUser>>(api => api.GetMeAsync(accessToken))).Data!.Id;

    private Task<int> SeedEveryTableAsync(string accountId) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        db.KnownUsers.Add(new KnownUser { AccountId = accountId, UserId = "7001", Username = "bot7001", UpdatedAt = now });
        db.Follows.Add(new Follow { AccountId = accountId, UserId = "7001", FirstSeenAt = now, LastSeenAt = now });
        db.DmEvents.Add(new DmEvent
        {
            AccountId = accountId, EventId = "9001", Sequence = 9001, EventType = "MessageCreate", Text = "thanks for the follow",
            SenderId = "7001", ConversationId = $"7001-{accountId}", CreatedAt = now, StoredAt = now,
            Score = new DmScore { AccountId = accountId, EventId = "9001", Score = 0.9, Flagged = true, ScoredAt = now },
        });
        db.SenderVerdicts.Add(new SenderVerdict { AccountId = accountId, SenderId = "7001", Score = 0.9, Flagged = true, DmCount = 1, LatestDmAt = now, UpdatedAt = now });
        var job = new BulkUnfollowJob { AccountId = accountId, CreatedAt = now, Total = 1 };
        db.BulkUnfollowJobs.Add(job);
        await db.SaveChangesAsync();
        db.SenderActions.Add(new SenderAction { AccountId = accountId, TargetUserId = "7001", CreatedAt = now, BulkJobId = job.Id });
        db.PollStates.Add(new PollState { AccountId = accountId, NewestDmEventId = "9001" });
        db.AllowlistEntries.Add(new AllowlistEntry { AccountId = accountId, Username = "friend", AddedAt = now });
        return await db.SaveChangesAsync();
    });

    private Task<int> CountRowsAsync(string accountId) => app.WithDbAsync(async db =>
        await db.Accounts.CountAsync(a => a.Id == accountId)
        + await db.AccountTokens.CountAsync(t => t.AccountId == accountId)
        + await db.KnownUsers.CountAsync(u => u.AccountId == accountId)
        + await db.Follows.CountAsync(f => f.AccountId == accountId)
        + await db.DmEvents.CountAsync(e => e.AccountId == accountId)
        + await db.DmScores.CountAsync(s => s.AccountId == accountId)
        + await db.SenderVerdicts.CountAsync(v => v.AccountId == accountId)
        + await db.SenderActions.CountAsync(a => a.AccountId == accountId)
        + await db.BulkUnfollowJobs.CountAsync(j => j.AccountId == accountId)
        + await db.PollStates.CountAsync(p => p.AccountId == accountId)
        + await db.AllowlistEntries.CountAsync(e => e.AccountId == accountId));
}
