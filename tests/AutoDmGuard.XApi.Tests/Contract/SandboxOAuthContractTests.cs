using AutoDmGuard.XApi.Tests.Infrastructure;
using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.XApi.Tests.Contract;

/// <summary>The OAuth client against the sandbox over real HTTP (consent page, PKCE, rotation, revoke).</summary>
public sealed class SandboxOAuthContractTests
{
    [Fact]
    public async Task Sign_in_yields_a_working_access_token_with_the_requested_scopes()
    {
        await using var s = await SandboxSession.StartAsync();

        var signedIn = await s.SignInAsync();

        Assert.Equal(7200, signedIn.Token.ExpiresIn);
        Assert.NotNull(signedIn.Token.RefreshToken);
        Assert.Contains("dm.read", signedIn.Token.GrantedScopes);
        var me = await s.Client.GetMeAsync(signedIn.AccessToken);
        Assert.Equal(signedIn.UserId, me.Data!.Id);
        Assert.Equal(signedIn.Account.Username, me.Data.Username);
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_the_spent_one_is_refused()
    {
        await using var s = await SandboxSession.StartAsync();
        var signedIn = await s.SignInAsync();

        var refreshed = await s.OAuth.RefreshAsync(signedIn.Token.RefreshToken!);

        Assert.NotEqual(signedIn.Token.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(signedIn.AccessToken, refreshed.AccessToken);
        Assert.Equal(signedIn.UserId, (await s.Client.GetMeAsync(refreshed.AccessToken)).Data!.Id);
        var ex = await Assert.ThrowsAsync<XOAuthException>(() => s.OAuth.RefreshAsync(signedIn.Token.RefreshToken!));
        Assert.Equal("invalid_request", ex.Error);
    }

    [Fact]
    public async Task Revoked_access_token_gets_401()
    {
        await using var s = await SandboxSession.StartAsync();
        var signedIn = await s.SignInAsync();

        await s.OAuth.RevokeAsync(signedIn.AccessToken, "access_token");

        var ex = await Assert.ThrowsAsync<XUnauthorizedException>(() => s.Client.GetMeAsync(signedIn.AccessToken));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task Unknown_code_is_refused_with_invalid_request()
    {
        await using var s = await SandboxSession.StartAsync();

        var ex = await Assert.ThrowsAsync<XOAuthException>(
            () => s.OAuth.ExchangeCodeAsync("not-a-real-code-000000", SandboxSession.RedirectUri, XPkce.CreateVerifier()));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("invalid_request", ex.Error);
    }

    [Fact]
    public async Task Confidential_client_with_a_wrong_secret_gets_unauthorized_client()
    {
        await using var s = await SandboxSession.StartAsync(client: o => o.ClientSecret = "wrong-secret");

        var ex = await Assert.ThrowsAsync<XOAuthException>(() => s.SignInAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("unauthorized_client", ex.Error);
    }

    [Fact]
    public async Task Public_client_signs_in_with_client_id_in_the_body()
    {
        await using var s = await SandboxSession.StartAsync(
            sandbox: o => o.Clients.Add(new SandboxClient("public-app", null, [SandboxSession.RedirectUri])),
            client: o => { o.ClientId = "public-app"; o.ClientSecret = null; });

        var signedIn = await s.SignInAsync();

        Assert.Equal(signedIn.UserId, (await s.Client.GetMeAsync(signedIn.AccessToken)).Data!.Id);
        Assert.NotNull(await s.OAuth.RefreshAsync(signedIn.Token.RefreshToken!));
    }

    [Fact]
    public async Task Token_endpoint_503_is_not_retried()
    {
        await using var s = await SandboxSession.StartAsync();
        var signedIn = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.Token, "503", 2);

        var ex = await Assert.ThrowsAsync<XApiException>(() => s.OAuth.RefreshAsync(signedIn.Token.RefreshToken!));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1, await s.Admin.FaultsRemainingAsync(RouteKeys.Token));
    }
}
