using AutoDmGuard.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AutoDmGuard.Web.Pages.Account;

/// <summary>Ends the session (POST with antiforgery only; a GET just goes home, so a link cannot sign anyone out).</summary>
public class SignOutModel(AccountStore accounts) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Server-side: every copy of this account's session cookie stops working, not only this browser's.
        if (User.FindAccountId() is { } accountId)
        {
            await accounts.EndSessionsAsync(accountId, ct);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }
}
