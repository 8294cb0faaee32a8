using System.Security.Claims;

namespace AutoDmGuard.Web.Accounts;

/// <summary>The signed-in account as the auth cookie states it: the only source of an account id for a request.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The X user id of the signed-in account; throws when the principal is not signed in.</summary>
    public static string GetAccountId(this ClaimsPrincipal principal) =>
        principal.FindAccountId() ?? throw new InvalidOperationException("The request is not signed in with X.");

    /// <summary>The X user id of the signed-in account, or null for a signed-out visitor.</summary>
    public static string? FindAccountId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
    }

    /// <summary>The @handle (without the @) of the signed-in account, or null.</summary>
    public static string? GetUsername(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirstValue(XClaimTypes.Username);
    }
}
