using System.Globalization;
using AutoDmGuard.Web.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AutoDmGuard.Web.Pages.Account;

public class SignInFailedModel : PageModel
{
    public string Message { get; private set; } = "";

    /// <summary>The reason is a fixed code, never text from the request, so nothing a link carries is echoed.</summary>
    public void OnGet(string? reason = null) => Message = reason switch
    {
        null or "" or "denied" => "You cancelled on X, so AutoDmGuard got no access. Nothing was stored.",
        "expired" => string.Create(CultureInfo.InvariantCulture,
            $"The sign-in took too long or was already used: it must be finished within {SignInStateStore.Lifetime.TotalMinutes:0} minutes, and each one works once. Nothing was stored; please start again."),
        _ => "X's answer could not be verified, or X was unreachable. Nothing was stored; please try again.",
    };
}
