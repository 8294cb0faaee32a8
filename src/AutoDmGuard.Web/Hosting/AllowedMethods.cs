using Microsoft.Net.Http.Headers;

namespace AutoDmGuard.Web.Hosting;

/// <summary>
/// The app answers GET, HEAD and POST only (pages, forms, the health endpoint). Any other method gets 405 with an Allow
/// header before it reaches a page: a page run for a method no handler serves (TRACE) rendered a model nothing had
/// filled and failed with a 500.
/// </summary>
internal static class AllowedMethods
{
    private const string Allow = "GET, HEAD, POST";

    public static IApplicationBuilder UseAllowedMethods(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsPost(method))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers[HeaderNames.Allow] = Allow;
        });
}
