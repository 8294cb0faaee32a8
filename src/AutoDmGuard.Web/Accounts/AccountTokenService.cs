using System.Security.Cryptography;
using System.Text;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// Hands out a working access token for an account, refreshing it shortly before it expires. X rotates refresh tokens,
/// so a refresh runs under the account's process-wide lock and saves the new pair only if the row still holds the
/// version it read (the database's word decides between app instances).
/// </summary>
public sealed partial class AccountTokenService(
    AppDbContext db,
    IXOAuthClient oauth,
    AccountTokenProtector protector,
    AccountRefreshLocks locks,
    TimeProvider clock,
    IOptions<AccountsOptions> options,
    ILogger<AccountTokenService> logger)
{
    /// <summary>A valid access token; refreshes when it expires within <see cref="AccountsOptions.RefreshBeforeExpiry"/>.</summary>
    /// <exception cref="AccountNeedsReauthorizationException">The account has no working grant any more (now marked so).</exception>
    public async Task<string> GetAccessTokenAsync(string accountId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var token = await LoadAsync(accountId, ct);
        if (!ExpiresSoon(token))
        {
            return protector.Unprotect(accountId, token.ProtectedAccessToken);
        }

        return await RefreshAsync(accountId, ExpiresSoon, ct);
    }

    /// <summary>Calls to X as <paramref name="accountId"/> for one unit of work (see <see cref="AccountXSession"/>).</summary>
    public AccountXSession OpenSession(string accountId) => new(this, accountId);

    /// <summary>
    /// X answered 401 to <paramref name="rejectedAccessToken"/>: refresh, unless another caller already replaced that token,
    /// in which case the replacement is returned.
    /// </summary>
    /// <exception cref="AccountNeedsReauthorizationException">The account has no working grant any more (now marked so).</exception>
    public Task<string> RefreshAfterUnauthorizedAsync(string accountId, string rejectedAccessToken, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentException.ThrowIfNullOrEmpty(rejectedAccessToken);
        return RefreshAsync(accountId, t => SameToken(protector.Unprotect(accountId, t.ProtectedAccessToken), rejectedAccessToken), ct);
    }

    private async Task<string> RefreshAsync(string accountId, Func<AccountToken, bool> stillNeeded, CancellationToken ct)
    {
        using (await locks.AcquireAsync(accountId, ct))
        {
            // Read again under the lock: whoever held it before may have refreshed already.
            var token = await LoadAsync(accountId, ct);
            if (!stillNeeded(token))
            {
                return protector.Unprotect(accountId, token.ProtectedAccessToken);
            }

            if (token.ProtectedRefreshToken is null)
            {
                throw await MarkNeedsReauthorizationAsync(accountId, "X issued no refresh token (offline.access was not granted).", null);
            }

            XTokenResponse fresh;
            try
            {
                fresh = await oauth.RefreshAsync(protector.Unprotect(accountId, token.ProtectedRefreshToken), ct);
            }
            catch (XOAuthException ex) when (ex.Error is "invalid_request" or "invalid_grant")
            {
                // Another app instance may have spent the same refresh token a moment ago; then its pair is stored.
                var current = await db.AccountTokens.AsNoTracking().FirstOrDefaultAsync(t => t.AccountId == accountId, CancellationToken.None);
                if (current is not null && current.Version != token.Version && !ExpiresSoon(current))
                {
                    return protector.Unprotect(accountId, current.ProtectedAccessToken);
                }

                throw await MarkNeedsReauthorizationAsync(accountId, "X refused the refresh token: access was revoked or has expired.", ex);
            }

            // From here on the old refresh token is spent: save the new pair even if the caller gives up waiting.
            var now = clock.GetUtcNow().UtcDateTime;
            var protectedAccess = protector.Protect(accountId, fresh.AccessToken);
            var protectedRefresh = fresh.RefreshToken is null ? null : protector.Protect(accountId, fresh.RefreshToken);
            var saved = await db.AccountTokens
                .Where(t => t.AccountId == accountId && t.Version == token.Version)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(t => t.ProtectedAccessToken, protectedAccess)
                        .SetProperty(t => t.ProtectedRefreshToken, protectedRefresh)
                        .SetProperty(t => t.AccessTokenExpiresAt, now.AddSeconds(fresh.ExpiresIn))
                        .SetProperty(t => t.Scope, fresh.Scope ?? token.Scope)
                        .SetProperty(t => t.UpdatedAt, now)
                        .SetProperty(t => t.Version, token.Version + 1),
                    CancellationToken.None);
            if (saved == 0)
            {
                // Someone wrote a newer pair meanwhile (a new sign-in, another instance): the stored one wins.
                LogRefreshLostRace(accountId);
                var current = await LoadAsync(accountId, CancellationToken.None);
                return protector.Unprotect(accountId, current.ProtectedAccessToken);
            }

            LogRefreshed(accountId, fresh.ExpiresIn);
            return fresh.AccessToken;
        }
    }

    private async Task<AccountToken> LoadAsync(string accountId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new { a.NeedsReauthorization, a.ReauthorizationReason, a.Token })
            .FirstOrDefaultAsync(ct);
        if (account is null)
        {
            throw new AccountNeedsReauthorizationException(accountId, "the account does not exist (deleted?).");
        }

        if (account.NeedsReauthorization)
        {
            throw new AccountNeedsReauthorizationException(accountId, account.ReauthorizationReason ?? "sign in with X again.");
        }

        return account.Token ?? throw await MarkNeedsReauthorizationAsync(accountId, "No tokens are stored for this account.", null);
    }

    private bool ExpiresSoon(AccountToken token) =>
        token.AccessTokenExpiresAt - clock.GetUtcNow().UtcDateTime <= options.Value.RefreshBeforeExpiry;

    /// <summary>Marks the account (only a new sign-in clears it) and returns the exception for the caller to throw.</summary>
    internal async Task<AccountNeedsReauthorizationException> MarkNeedsReauthorizationAsync(string accountId, string reason, Exception? cause)
    {
        await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.NeedsReauthorization, true).SetProperty(a => a.ReauthorizationReason, reason),
            CancellationToken.None);
        LogNeedsReauthorization(accountId, reason);
        return new AccountNeedsReauthorizationException(accountId, reason, cause);
    }

    private static bool SameToken(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the X access token of account {AccountId} (valid {ExpiresIn} s)")]
    private partial void LogRefreshed(string accountId, int expiresIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "A newer token pair of account {AccountId} was saved meanwhile; keeping it")]
    private partial void LogRefreshLostRace(string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} needs to sign in with X again: {Reason}")]
    private partial void LogNeedsReauthorization(string accountId, string reason);
}
