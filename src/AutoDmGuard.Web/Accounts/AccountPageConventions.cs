using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace AutoDmGuard.Web.Accounts;

public static class AccountPageConventions
{
    /// <summary>
    /// Every page needs a signed-in account unless listed here, so a new dashboard page is private by default.
    /// /signin is a short alias of /Account/SignIn.
    /// </summary>
    public static PageConventionCollection AddAccountPages(this PageConventionCollection conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        conventions.AuthorizeFolder("/");
        conventions.AllowAnonymousToPage("/Index");
        conventions.AllowAnonymousToPage("/Error");
        conventions.AllowAnonymousToPage("/Account/SignIn");
        conventions.AllowAnonymousToPage("/Account/SignInFailed");
        conventions.AllowAnonymousToPage("/Account/SignOut");
        conventions.AddPageRoute("/Account/SignIn", "signin");
        return conventions;
    }
}
