using AutoDmGuard.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AutoDmGuard.Web.Pages.Account;

/// <summary>The signed-in account's connection: disconnect (revoke + drop tokens) and delete all data. The account id comes from the cookie only.</summary>
public class IndexModel(AccountStore accounts) : PageModel
{
    public Data.Account Account { get; private set; } = null!;

    public bool Connected { get; private set; }

    public string Scopes { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : SignedOut();

    public async Task<IActionResult> OnPostDisconnectAsync(CancellationToken ct)
    {
        var revoked = await accounts.DisconnectAsync(User.GetAccountId(), ct);
        StatusMessage = revoked
            ? "Disconnected: X revoked AutoDmGuard's access and the stored tokens are deleted."
            : "The stored tokens are deleted, but X could not be reached to revoke them; you can also remove AutoDmGuard under Connected apps in X's settings.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!Input.Confirm)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Confirm)}", "Tick the box to confirm that all your data should be deleted.");
            return await LoadAsync(ct) ? Page() : SignedOut();
        }

        await accounts.DeleteAsync(User.GetAccountId(), ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var account = await accounts.FindAsync(User.GetAccountId(), ct);
        if (account is null)
        {
            return false;
        }

        Account = account;
        Connected = account.Token is not null && !account.NeedsReauthorization;
        Scopes = account.Token?.Scope ?? "";
        return true;
    }

    private RedirectToPageResult SignedOut() => RedirectToPage("/Index");

    public sealed class InputModel
    {
        public bool Confirm { get; set; }
    }
}
