using AutoDmGuard.XApi;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// Calls X as one account for one unit of work (one account's poll, one dashboard action): the access token is read
/// once and kept; a 401 gets one refresh and one more try. X refusing the refresh, or rejecting the token it just
/// issued, marks the account for re-authorization and throws <see cref="AccountNeedsReauthorizationException"/>.
/// A 401 after the unit's refresh is spent is thrown as it is, for the caller's failure policy: one refresh per unit
/// keeps a token X keeps refusing from turning every call into a refresh.
/// </summary>
public sealed class AccountXSession
{
    private readonly AccountTokenService _tokens;
    private string? _accessToken;
    private bool _refreshed;

    internal AccountXSession(AccountTokenService tokens, string accountId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        _tokens = tokens;
        AccountId = accountId;
    }

    public string AccountId { get; }

    /// <exception cref="AccountNeedsReauthorizationException">The account has no working grant any more (now marked so).</exception>
    public async Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        _accessToken ??= await _tokens.GetAccessTokenAsync(AccountId, ct);
        try
        {
            return await call(_accessToken, ct);
        }
        catch (XUnauthorizedException) when (!_refreshed)
        {
            _refreshed = true;
            // The token may have been revoked or rotated at X: one refresh (which marks the account if X refuses it).
            _accessToken = await _tokens.RefreshAfterUnauthorizedAsync(AccountId, _accessToken, ct);
            try
            {
                return await call(_accessToken, ct);
            }
            catch (XUnauthorizedException ex)
            {
                throw await _tokens.MarkNeedsReauthorizationAsync(AccountId, "X rejected a freshly refreshed access token.", ex);
            }
        }
    }

    /// <inheritdoc cref="CallAsync{T}"/>
    public Task CallAsync(Func<string, CancellationToken, Task> call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallAsync<bool>(async (token, c) =>
        {
            await call(token, c);
            return true;
        }, ct);
    }
}
