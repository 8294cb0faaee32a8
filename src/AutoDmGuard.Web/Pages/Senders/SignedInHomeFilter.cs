using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AutoDmGuard.Web.Pages.Senders;

/// <summary>On the landing page: a signed-in user's GET goes to the senders list, which is their home.</summary>
public sealed class SignedInHomeFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HttpContext.User.Identity?.IsAuthenticated == true && HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            context.Result = new RedirectToPageResult("/Senders/Index");
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
