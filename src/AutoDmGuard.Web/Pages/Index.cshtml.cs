using AutoDmGuard.Web.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AutoDmGuard.Web.Pages;

public class IndexModel : PageModel
{
    public string? Handle { get; private set; }

    public void OnGet() => Handle = User.GetUsername();
}
