using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Accounts;

public static class AccountsRegistration
{
    /// <summary>The OAuth scheme that signs in with X; the cookie scheme keeps the session.</summary>
    public const string XScheme = "X";

    public const string CallbackPath = "/signin-x";

    /// <summary>Sign-in with X (cookie + OAuth 2.0 code flow with PKCE), Data Protection for the stored tokens, token refresh.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var isDevelopment = builder.Environment.IsDevelopment();

        services.AddOptions<AccountsOptions>()
            .BindConfiguration(AccountsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<XApiOptions>, XCredentialsValidation>();

        // In the database, each key encrypted with the key-encryption certificate (KeyRing.cs).
        services.AddDatabaseKeyRing(builder.Configuration, builder.Environment);

        services.AddHttpContextAccessor();
        services.AddSingleton<SignInStateStore>();
        services.AddSingleton<AccountRefreshLocks>();
        services.AddSingleton<AccountTokenProtector>();
        services.AddScoped<AccountStore>();
        services.AddScoped<AccountTokenService>();
        services.AddScoped<CurrentAccount>();

        var secureCookies = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        // Every cookie the app sets, not only the session: antiforgery and TempData too.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = secureCookies);
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = secureCookies);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "autodmguard.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = secureCookies;
                o.SlidingExpiration = true;
                o.LoginPath = "/Account/SignIn";
                o.LogoutPath = "/Account/SignOut";
                o.AccessDeniedPath = "/";
                o.Events.OnValidatePrincipal = RejectEndedSessionsAsync;
            })
            .AddOAuth<OAuthOptions, XSignInHandler>(XScheme, "X", o =>
            {
                o.CallbackPath = CallbackPath;
                // The correlation cookie lasts as long as the sign-in's stored state.
                o.RemoteAuthenticationTimeout = SignInStateStore.Lifetime;
                o.UsePkce = true;
                o.SaveTokens = false;
                o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;

                // Lax, not None: the consent page sends the browser back with a top-level GET, which Lax allows,
                // and None would need Secure, which plain http on 127.0.0.1 (demo mode) cannot have.
                o.CorrelationCookie.Name = "autodmguard.correlation.";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = secureCookies;
                o.CorrelationCookie.HttpOnly = true;
                o.AccessDeniedPath = "/Account/SignInFailed";
                o.Events.OnRemoteFailure = OnRemoteFailureAsync;
            });
        services.AddOptions<OAuthOptions>(XScheme).Configure<IOptions<XApiOptions>, SignInStateStore>((o, x, states) =>
        {
            var xo = x.Value;
            o.ClientId = xo.ClientId ?? "";
            o.ClientSecret = xo.ClientSecret ?? "";
            o.AuthorizationEndpoint = xo.AuthorizeEndpoint.AbsoluteUri;
            o.TokenEndpoint = xo.TokenEndpoint.AbsoluteUri;
            o.UserInformationEndpoint = new Uri(xo.ApiBaseUrl, "2/users/me").AbsoluteUri;
            o.Scope.Clear();
            foreach (var scope in xo.Scopes)
            {
                o.Scope.Add(scope);
            }

            o.StateDataFormat = new ServerSideStateFormat(states);
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountsOptions>>((o, accounts) => o.ExpireTimeSpan = accounts.Value.SessionLifetime);
        services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// A session whose account was deleted, or that was signed out (here, in another browser, or from a copy of the
    /// cookie), ends at its next request: the cookie's stamp must be the account's current one.
    /// </summary>
    private static async Task RejectEndedSessionsAsync(CookieValidatePrincipalContext context)
    {
        var accountId = context.Principal?.FindAccountId();
        var stamp = context.Principal?.FindFirst(XClaimTypes.SessionStamp)?.Value;
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        if (accountId is null || !await accounts.IsCurrentSessionAsync(accountId, stamp, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>
    /// A failed sign-in (state unknown, expired or used; refused code; X unreachable) shows a page saying so, never an
    /// exception page.
    /// </summary>
    private static Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<XSignInHandler>();
        // The message only: exception details could quote a URL with the code in it.
        logger.LogWarning("Sign-in with X failed: {Reason}", context.Failure?.Message);
        context.Response.Redirect(context.Failure is SignInStateNotFoundException ? "/Account/SignInFailed?reason=expired" : "/Account/SignInFailed?reason=failed");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>Who is signed in: the session cookie (and sign-in with X), then authorization.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
