using AutoDmGuard.Web.Demo;
using AutoDmGuard.XApi;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Hosting;

/// <summary>Response headers every page gets: a strict Content-Security-Policy (no inline script), no sniffing, no framing.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var policy = BuildPolicy(
            app.ApplicationServices.GetRequiredService<IOptions<XApiOptions>>().Value,
            app.ApplicationServices.GetRequiredService<DemoMode>());
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    /// <summary>
    /// form-action must name the consent page's origin: the "Sign in with X" form posts here and is redirected there,
    /// and browsers check form-action along redirects.
    /// </summary>
    internal static string BuildPolicy(XApiOptions x, DemoMode demo)
    {
        var authorizeOrigin = x.AuthorizeEndpoint.GetLeftPart(UriPartial.Authority);
        var sandboxOrigin = demo.SandboxBaseAddress is null ? "" : " " + demo.SandboxBaseAddress.GetLeftPart(UriPartial.Authority);
        return "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
            + $"img-src 'self' data: https:{sandboxOrigin}; form-action 'self' {authorizeOrigin}";
    }
}
