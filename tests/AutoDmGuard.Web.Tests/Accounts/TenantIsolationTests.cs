using System.Net;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Accounts;

/// <summary>Two X users on one deployment: the account id comes from the cookie, never from what a request carries.</summary>
public sealed class TenantIsolationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Each_user_sees_only_their_own_account()
    {
        using var alice = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var bob = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);

        foreach (var (user, other) in new[] { (alice, bob), (bob, alice) })
        {
            foreach (var path in new[] { "/", "/Account", $"/Account?accountId={other.AccountId}", $"/Account?id={other.AccountId}" })
            {
                var html = await user.GetPageAsync(path);
                Assert.Equal(user.AccountId, HtmlForms.AttributeOfId(html, "main", "data-account-id"));
                Assert.DoesNotContain(other.Username, html, StringComparison.Ordinal);
                Assert.DoesNotContain(other.AccountId, html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Disconnect_with_another_accounts_id_in_the_request_disconnects_only_the_sender()
    {
        using var alice = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var bob = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);

        using var response = await alice.PostFormAsync(
            $"/Account?handler=Disconnect&accountId={bob.AccountId}&id={bob.AccountId}",
            [new("accountId", bob.AccountId), new("AccountId", bob.AccountId), new("Account.Id", bob.AccountId)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.AccountId == alice.AccountId)));
        Assert.True(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.AccountId == bob.AccountId)));
        Assert.False(await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == bob.AccountId).Select(a => a.NeedsReauthorization).SingleAsync()));
    }

    [Fact]
    public async Task Delete_with_another_accounts_id_in_the_request_deletes_only_the_sender()
    {
        using var carol = await app.SignInAsync(app.Sandbox.SignableAccounts[2].Username);
        using var bob = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);

        using var response = await carol.PostFormAsync(
            $"/Account?handler=Delete&accountId={bob.AccountId}",
            [new("Input.Confirm", "true"), new("accountId", bob.AccountId), new("Account.Id", bob.AccountId)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Id == carol.AccountId)));
        Assert.True(await app.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Id == bob.AccountId)));
        Assert.Equal("@" + bob.Username, HtmlForms.TextOfId(await bob.GetPageAsync("/"), "signed-in-handle"));
    }

    [Fact]
    public async Task Signed_out_visitors_cannot_reach_account_pages_or_actions()
    {
        using var visitor = app.CreateAppClient();

        using var page = await visitor.GetAsync(new Uri("/Account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        // A valid antiforgery token of a signed-out visitor does not make the POST an account's action.
        using var post = await visitor.PostFormAsync("/Account?handler=Delete", [new("Input.Confirm", "true")], tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Account/SignIn", post.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
