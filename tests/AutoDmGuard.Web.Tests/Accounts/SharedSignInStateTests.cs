using System.Net;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Accounts;

/// <summary>
/// Two app hosts on one database (this pass's provider) and one X sandbox: a sign-in started on one instance is
/// finished by the other, as behind a load balancer without sticky sessions. The state works once and for
/// <see cref="SignInStateStore.Lifetime"/>; a late or replayed callback gets the page that says to start again.
/// </summary>
public sealed class SharedSignInStateTests
{
    /// <summary>The browser starts on <paramref name="start"/>: GET /signin, then the consent page as <paramref name="username"/>. Returns the callback URL.</summary>
    private static async Task<Uri> StartSignInAsync(AppFactory start, CookieContainer browser, string username)
    {
        using var client = start.CreateBrowserClient(browser);
        using var signIn = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return await start.DecideOnConsentPageAsync(signIn.Headers.Location!, username, allow: true);
    }

    [Fact]
    public async Task A_sign_in_started_on_one_instance_is_finished_on_the_other_and_its_callback_works_once()
    {
        await using var a = await AppFactory.StartAsync();
        await using var b = await a.StartSecondInstanceAsync();
        var account = a.Sandbox.SignableAccounts[0];
        var browser = new CookieContainer();

        var callback = await StartSignInAsync(a, browser, account.Username);
        Assert.Equal(1, await a.WithDbAsync(db => db.SignInStates.CountAsync()));
        using var onB = b.CreateBrowserClient(browser);
        using (var back = await onB.GetAsync(callback))
        {
            Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"The callback on B answered {(int)back.StatusCode} {back.Headers.Location}");
            Assert.Equal("/", back.Headers.Location?.OriginalString);
        }

        Assert.Equal("@" + account.Username, HtmlForms.TextOfId(await onB.GetPageAsync("/"), "signed-in-handle"));
        Assert.Equal(0, await b.WithDbAsync(db => db.SignInStates.CountAsync()));
        var version = await a.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == account.Id).Select(t => t.Version).SingleAsync());

        // The same callback again, on either instance: the state was taken, nothing is signed in or stored anew.
        foreach (var instance in new[] { a, b })
        {
            using var client = instance.CreateBrowserClient(browser);
            using var replay = await client.GetAsync(callback);
            await SignInTests.AssertSignInFailedAsync(client, replay, stillSignedIn: true, expected: SignInTests.StateNotFound);
        }

        Assert.Equal(version, await a.WithDbAsync(db => db.AccountTokens.Where(t => t.AccountId == account.Id).Select(t => t.Version).SingleAsync()));
    }

    [Fact]
    public async Task A_callback_after_the_state_expired_is_refused_and_abandoned_states_are_purged()
    {
        await using var a = await AppFactory.StartAsync();
        await using var b = await a.StartSecondInstanceAsync();
        var account = a.Sandbox.SignableAccounts[1];
        var browser = new CookieContainer();

        var late = await StartSignInAsync(a, browser, account.Username);
        var stateKey = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(late.Query)["state"].ToString();
        // The row is found by the state's hash: the table does not hold the state X carries.
        Assert.DoesNotContain(stateKey, await a.WithDbAsync(db => db.SignInStates.Select(s => s.KeyHash).ToListAsync()));

        b.Clock.Advance(SignInStateStore.Lifetime + TimeSpan.FromSeconds(1));
        using var onB = b.CreateBrowserClient(browser);
        using (var back = await onB.GetAsync(late))
        {
            await SignInTests.AssertSignInFailedAsync(onB, back, expected: SignInTests.StateNotFound);
        }

        Assert.False(await a.WithDbAsync(db => db.Accounts.AnyAsync(x => x.Id == account.Id)));

        // An abandoned sign-in (started, never called back) is deleted when a later one starts after its expiry.
        await StartSignInAsync(a, new CookieContainer(), account.Username);
        Assert.Equal(1, await a.WithDbAsync(db => db.SignInStates.CountAsync()));
        a.Clock.Advance(SignInStateStore.Lifetime);
        await StartSignInAsync(a, new CookieContainer(), account.Username);
        var expiries = await a.WithDbAsync(db => db.SignInStates.Select(s => s.ExpiresAt).ToListAsync());
        Assert.Equal(a.Clock.GetUtcNow().UtcDateTime + SignInStateStore.Lifetime, Assert.Single(expiries));
    }
}
