using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using AutoDmGuard.XApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// ASP.NET Core's OAuth handler (state, correlation cookie and PKCE stay its job) with two X-specific steps: the code is
/// redeemed through <see cref="IXOAuthClient"/> (HTTP Basic, as X wants from a confidential client, where the built-in
/// exchange posts the secret in the body), and the ticket is built from GET /2/users/me, after the account and its
/// encrypted tokens are saved. No token goes into the cookie.
/// </summary>
public sealed class XSignInHandler(
    IOptionsMonitor<OAuthOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IXOAuthClient oauth,
    IXApiClient api,
    AccountStore accounts,
    TimeProvider clock)
    : OAuthHandler<OAuthOptions>(options, loggerFactory, encoder)
{
    private XTokenResponse? _issued;
    private DateTime _issuedAt;

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        // The verifier travelled inside the protected state; drop it so it never reaches the cookie.
        if (!context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var codeVerifier) || string.IsNullOrEmpty(codeVerifier))
        {
            return OAuthTokenResponse.Failed(new AuthenticationFailureException("The PKCE code verifier is missing from the sign-in state."));
        }

        try
        {
            _issued = await oauth.ExchangeCodeAsync(context.Code, context.RedirectUri, codeVerifier, Context.RequestAborted);
            _issuedAt = clock.GetUtcNow().UtcDateTime;
        }
        catch (XApiException ex)
        {
            return OAuthTokenResponse.Failed(new AuthenticationFailureException("X did not accept the authorization code.", ex));
        }

        // The base handler wants its own response type; it only lives for this request.
        var document = JsonSerializer.SerializeToDocument(new Dictionary<string, object?>
        {
            ["access_token"] = _issued.AccessToken,
            ["token_type"] = _issued.TokenType ?? "bearer",
            ["expires_in"] = _issued.ExpiresIn,
        });
        return OAuthTokenResponse.Success(document);
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(
        ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var issued = _issued ?? throw new AuthenticationFailureException("No token was issued.");
        var me = (await api.GetMeAsync(issued.AccessToken, Context.RequestAborted)).Data
            ?? throw new AuthenticationFailureException("X did not return the signed-in user.");

        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, me.Id, ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(XClaimTypes.Username, me.Username, ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(ClaimTypes.Name, me.Username, ClaimValueTypes.String, ClaimsIssuer));
        if (!string.IsNullOrEmpty(me.Name))
        {
            identity.AddClaim(new Claim(XClaimTypes.Name, me.Name, ClaimValueTypes.String, ClaimsIssuer));
        }

        var stamp = await accounts.SaveSignInAsync(me, issued, _issuedAt, Context.RequestAborted);
        identity.AddClaim(new Claim(XClaimTypes.SessionStamp, stamp, ClaimValueTypes.String, ClaimsIssuer));
        return await base.CreateTicketAsync(identity, properties, tokens);
    }
}
