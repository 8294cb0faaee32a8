using Microsoft.AspNetCore.Authentication;

namespace AutoDmGuard.Web.Pages;

/// <summary>
/// "/" is the landing page for visitors and the senders list once signed in. The landing page (Pages/Index) stays as
/// the sign-in feature wrote it; for a signed-in GET of "/" this rewrites the path to the list before routing, so the
/// address stays "/" and no redirect is needed. It runs ahead of the app's pipeline, so it asks the default
/// (cookie) scheme itself; the result is cached for the request, the authentication middleware reuses it.
/// </summary>
public sealed class SignedInHomeRewrite : IStartupFilter
{
    public const string ListPath = "/senders";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/" && !context.Request.Query.ContainsKey("handler"))
            {
                var result = await context.AuthenticateAsync();
                if (result.Succeeded && result.Principal.Identity?.IsAuthenticated == true)
                {
                    context.Request.Path = ListPath;
                }
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}
