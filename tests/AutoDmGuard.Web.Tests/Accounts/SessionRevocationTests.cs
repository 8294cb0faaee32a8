using System.Net;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AutoDmGuard.Web.Tests.Accounts;

/// <summary>Sign-out and "Delete my data" end the session server-side: a copy of the cookie taken before stops working.</summary>
public sealed class SessionRevocationTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>Signs in with a cookie-keeping client and returns it with a copy of its session cookie ("name=value").</summary>
    private async Task<(HttpClient Client, string SessionCookie)> SignInAsync(string username)
    {
        var client = app.CreateAppClient();
        var callback = await app.ConsentAsync(client, username, allow: true);
        using var back = await client.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var session = Assert.Single(back.Headers.GetValues("Set-Cookie"), c => c.StartsWith("autodmguard.session=", StringComparison.Ordinal));
        return (client, session.Split(';')[0]);
    }

    private async Task<HttpStatusCode> GetWithCookieAsync(string cookie)
    {
        using var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/senders", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var response = await copy.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Sign_out_ends_every_copy_of_the_session_cookie()
    {
        var (client, cookie) = await SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(cookie));

        using (var signOut = await client.PostFormAsync("/Account/SignOut", tokenFrom: "/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync(cookie));
        client.Dispose();

        // Signing in again gives a working session; the old copy stays dead.
        var (again, fresh) = await SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(fresh));
        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync(cookie));
        again.Dispose();
    }

    [Fact]
    public async Task Delete_my_data_ends_a_copy_even_after_the_user_signs_in_again()
    {
        var (client, cookie) = await SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        using (var deleted = await client.PostFormAsync("/Account?handler=Delete", [new("Input.Confirm", "true")], tokenFrom: "/Account"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        var (again, _) = await SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync(cookie));
        client.Dispose();
        again.Dispose();
    }
}
