using Microsoft.AspNetCore.DataProtection;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// Encrypts tokens before they reach the database. The purpose includes the account id, so a ciphertext copied to
/// another account's row does not decrypt.
/// </summary>
public sealed class AccountTokenProtector(IDataProtectionProvider provider)
{
    private const string Purpose = "AutoDmGuard.Web.Accounts.AccountToken.v1";

    public string Protect(string accountId, string token) => Protector(accountId).Protect(token);

    public string Unprotect(string accountId, string protectedToken) => Protector(accountId).Unprotect(protectedToken);

    private IDataProtector Protector(string accountId) => provider.CreateProtector(Purpose, accountId);
}
