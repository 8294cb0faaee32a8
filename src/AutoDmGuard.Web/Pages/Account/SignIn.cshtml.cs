using AutoDmGuard.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AutoDmGuard.Web.Pages.Account;

/// <summary>Starts sign-in with X (also "Reconnect"): GET for links and the cookie's login redirect, POST for the buttons.</summary>
public class SignInModel : PageModel
{
    public IActionResult OnGet(string? returnUrl = null) => ChallengeX(returnUrl);

    public IActionResult OnPost(string? returnUrl = null) => ChallengeX(returnUrl);

    private ChallengeResult ChallengeX(string? returnUrl)
    {
        // Only local return URLs: the sign-in must not become an open redirect.
        var target = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        return Challenge(new AuthenticationProperties { RedirectUri = target }, AccountsRegistration.XScheme);
    }
}
