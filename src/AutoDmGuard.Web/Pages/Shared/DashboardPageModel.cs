using AutoDmGuard.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AutoDmGuard.Web.Pages;

/// <summary>Base for the dashboard's pages: signed-in only, and the account id always comes from the principal.</summary>
[Authorize]
public abstract class DashboardPageModel : PageModel
{
    protected string AccountId => User.GetAccountId();

    /// <summary>True when the request came from the page's script (fetch) and wants JSON instead of a redirect.</summary>
    protected bool WantsJson => Request.Headers.Accept.Any(v => v is not null && v.Contains("application/json", StringComparison.OrdinalIgnoreCase));
}
