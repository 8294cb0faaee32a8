using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.XApi;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Accounts;

/// <summary>The account's lifecycle: created or updated at sign-in, disconnected (tokens revoked and dropped), deleted.</summary>
public sealed partial class AccountStore(
    AppDbContext db,
    AccountTokenProtector protector,
    DemoMode demo,
    AccountRefreshLocks locks,
    IXOAuthClient oauth,
    TimeProvider clock,
    ILogger<AccountStore> logger)
{
    /// <summary>
    /// Creates or updates the account of the X user who just signed in and stores their new tokens encrypted; returns
    /// the account's session stamp for the new cookie.
    /// </summary>
    public async Task<string> SaveSignInAsync(XUser me, XTokenResponse token, DateTime receivedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(me);
        ArgumentNullException.ThrowIfNull(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var protectedAccess = protector.Protect(me.Id, token.AccessToken);
        var protectedRefresh = token.RefreshToken is null ? null : protector.Protect(me.Id, token.RefreshToken);
        var expiresAt = receivedAt.AddSeconds(token.ExpiresIn);
        var scope = token.Scope ?? "";

        // A refresh in flight would otherwise overwrite the pair this sign-in just got.
        using (await locks.AcquireAsync(me.Id, ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == me.Id, ct);
            if (demo.World is { } world && (world.Problem is not null || (account is not null && account.SandboxWorldId != world.Id)))
            {
                // Nothing is written: the account's data and this world's answers must never meet.
                throw new AuthenticationFailureException(world.Problem ?? $"Account {me.Id} holds data from another demo world than {world.Id}.");
            }

            if (account is null)
            {
                account = new Account { Id = me.Id, Username = me.Username, CreatedAt = now, SandboxWorldId = demo.World?.Id };
                db.Accounts.Add(account);
            }

            account.Username = me.Username;
            account.Name = me.Name;
            account.ProfileImageUrl = me.ProfileImageUrl;
            account.LastSignInAt = now;
            account.NeedsReauthorization = false;
            account.ReauthorizationReason = null;
            if (account.SessionStamp.Length == 0)
            {
                account.SessionStamp = NewSessionStamp();
            }

            var stamp = account.SessionStamp;
            await db.SaveChangesAsync(ct);

            // A new sign-in wins over whatever pair is stored, so the write ignores the version it replaces but bumps it.
            var updated = await db.AccountTokens.Where(t => t.AccountId == me.Id).ExecuteUpdateAsync(
                s => s.SetProperty(t => t.ProtectedAccessToken, protectedAccess)
                    .SetProperty(t => t.ProtectedRefreshToken, protectedRefresh)
                    .SetProperty(t => t.AccessTokenExpiresAt, expiresAt)
                    .SetProperty(t => t.Scope, scope)
                    .SetProperty(t => t.UpdatedAt, now)
                    .SetProperty(t => t.Version, t => t.Version + 1),
                ct);
            if (updated == 0)
            {
                db.AccountTokens.Add(new AccountToken
                {
                    AccountId = me.Id,
                    ProtectedAccessToken = protectedAccess,
                    ProtectedRefreshToken = protectedRefresh,
                    AccessTokenExpiresAt = expiresAt,
                    Scope = scope,
                    UpdatedAt = now,
                    Version = 1,
                });
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            LogSignedIn(me.Id, me.Username);
            return stamp;
        }
    }

    /// <summary>Ends every session of the account (every browser, every copied cookie): a new stamp matches none of them.</summary>
    public async Task EndSessionsAsync(string accountId, CancellationToken ct) =>
        await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.SessionStamp, NewSessionStamp()), ct);

    /// <summary>Whether a cookie's stamp is the account's current one (false when the account is gone).</summary>
    public async Task<bool> IsCurrentSessionAsync(string accountId, string? stamp, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(stamp))
        {
            return false;
        }

        var current = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.SessionStamp).FirstOrDefaultAsync(ct);
        return current is { Length: > 0 } && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(current), System.Text.Encoding.UTF8.GetBytes(stamp));
    }

    private static string NewSessionStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public Task<Account?> FindAsync(string accountId, CancellationToken ct) =>
        db.Accounts.AsNoTracking().Include(a => a.Token).FirstOrDefaultAsync(a => a.Id == accountId, ct);

    /// <summary>
    /// Revokes the account's tokens at X and deletes them here; the account and its data stay, marked for re-authorization.
    /// Returns false when X could not be told (the local tokens are gone all the same).
    /// </summary>
    public async Task<bool> DisconnectAsync(string accountId, CancellationToken ct)
    {
        bool revoked;
        using (await locks.AcquireAsync(accountId, ct))
        {
            revoked = await RevokeAtXAsync(accountId, ct);
            await db.AccountTokens.Where(t => t.AccountId == accountId).ExecuteDeleteAsync(CancellationToken.None);
            await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(
                s => s.SetProperty(a => a.NeedsReauthorization, true)
                    .SetProperty(a => a.ReauthorizationReason, "You disconnected AutoDmGuard from X."),
                CancellationToken.None);
        }

        LogDisconnected(accountId, revoked);
        return revoked;
    }

    /// <summary>Revokes the tokens at X (best effort) and deletes the account with every row that hangs off it.</summary>
    public async Task<bool> DeleteAsync(string accountId, CancellationToken ct)
    {
        bool revoked;
        using (await locks.AcquireAsync(accountId, ct))
        {
            revoked = await RevokeAtXAsync(accountId, ct);

            // Every table's foreign key to Account cascades (see Data/Configurations), so one delete removes all of it.
            await DeleteLeavingNoTraceAsync(accountId);
        }

        LogDeleted(accountId, revoked);
        return revoked;
    }

    /// <summary>
    /// Deletes the account's rows so that their text is gone from the disk too, not only from the tables: every SQLite
    /// connection runs with secure_delete (<see cref="Data.Sqlite.SqlitePragmasInterceptor"/>), so the deleted cells and freed pages
    /// are zeroed, and a TRUNCATE checkpoint writes them into the database file and empties the WAL, whose older frames
    /// still held the text.
    /// </summary>
    private async Task DeleteLeavingNoTraceAsync(string accountId)
    {
        await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(CancellationToken.None);
        if (!db.Database.IsSqlite())
        {
            return;
        }

        // A reader in the middle of a transaction (the worker, a page) keeps the checkpoint from finishing: try again briefly.
        for (var attempt = 1; ; attempt++)
        {
            if (!await CheckpointBusyAsync())
            {
                return;
            }

            if (attempt == 10)
            {
                LogCheckpointBusy(accountId);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }

    /// <summary>PRAGMA wal_checkpoint(TRUNCATE); true when readers kept it from finishing (its first column, "busy").</summary>
    private async Task<bool> CheckpointBusyAsync()
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            return await reader.ReadAsync(CancellationToken.None) && reader.GetInt32(0) != 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<bool> RevokeAtXAsync(string accountId, CancellationToken ct)
    {
        var token = await db.AccountTokens.AsNoTracking().FirstOrDefaultAsync(t => t.AccountId == accountId, ct);
        if (token is null)
        {
            return true;
        }

        try
        {
            // Revoking the refresh token ends the grant; the access token is revoked too so it stops working at once.
            if (token.ProtectedRefreshToken is not null)
            {
                await oauth.RevokeAsync(protector.Unprotect(accountId, token.ProtectedRefreshToken), "refresh_token", ct);
            }

            await oauth.RevokeAsync(protector.Unprotect(accountId, token.ProtectedAccessToken), "access_token", ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Best effort by design: X refusing, timing out or being unreachable must not keep the user's data here.
            LogRevokeFailed(ex, accountId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} (@{Username}) signed in with X")]
    private partial void LogSignedIn(string accountId, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} disconnected from X (revoked at X: {Revoked})")]
    private partial void LogDisconnected(string accountId, bool revoked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} deleted with all its data (revoked at X: {Revoked})")]
    private partial void LogDeleted(string accountId, bool revoked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} is deleted, but the WAL could not be emptied yet (readers active); its frames are overwritten as the database is used")]
    private partial void LogCheckpointBusy(string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not revoke the tokens of account {AccountId} at X; they are deleted here anyway")]
    private partial void LogRevokeFailed(Exception exception, string accountId);
}
