using System.Net;
using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Operations;
using AutoDmGuard.XApi;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// The account's follow and mute edges at X. Each call is one <see cref="AccountXSession"/> (401: one refresh, then
/// re-authorization), and X's failures become an <see cref="XCallResult"/> the pages and the bulk executor can act on
/// (a 429 carries X's reset time).
/// </summary>
public sealed partial class XFollowGraph(IXApiClient x, AccountTokenService tokens, AppMetrics metrics, ILogger<XFollowGraph> log)
{
    /// <summary>Every unfollow the app sends (single, bulk, settling) goes through here, so the unfollow metric is counted here.</summary>
    public async Task<XCallResult> UnfollowAsync(string accountId, string userId, CancellationToken ct)
    {
        var result = await CallAsync(accountId, "unfollow", (token, c) => x.UnfollowAsync(token, accountId, userId, c), ct);
        metrics.Unfollowed(result.Status switch
        {
            XCallStatus.Ok => "ok",
            XCallStatus.RateLimited => "rate_limited",
            XCallStatus.NeedsReauthorization => "needs_reauthorization",
            _ => "failed",
        });
        return result;
    }

    public Task<XCallResult> FollowAsync(string accountId, string userId, CancellationToken ct) =>
        CallAsync(accountId, "follow", (token, c) => x.FollowAsync(token, accountId, userId, c), ct);

    public Task<XCallResult> MuteAsync(string accountId, string userId, CancellationToken ct) =>
        CallAsync(accountId, "mute", (token, c) => x.MuteAsync(token, accountId, userId, c), ct);

    /// <summary>
    /// Whether the account still follows <paramref name="userId"/> at X (pages through its following list), or null when X
    /// cannot say now. Used to settle an unfollow the app may have sent just before it died.
    /// </summary>
    public async Task<bool?> IsFollowingAsync(string accountId, string userId, CancellationToken ct)
    {
        var found = false;
        var result = await CallAsync(accountId, "following lookup", async (token, c) =>
        {
            string? next = null;
            do
            {
                var page = await x.GetFollowingPageAsync(token, accountId, next, 1000, c);
                found = page.Data.Any(u => u.Id == userId);
                next = found ? null : page.Meta.NextToken;
            }
            while (next is not null);
        }, ct);
        return result.Succeeded ? found : null;
    }

    private async Task<XCallResult> CallAsync(string accountId, string what, Func<string, CancellationToken, Task> call, CancellationToken ct)
    {
        try
        {
            await tokens.OpenSession(accountId).CallAsync(call, ct);
            return XCallResult.Ok;
        }
        catch (XRateLimitedException ex)
        {
            LogRateLimited(what, accountId, ex.ResetAt);
            return new XCallResult(XCallStatus.RateLimited, "X's limit for this action is used up", ex.ResetAt.UtcDateTime);
        }
        catch (AccountNeedsReauthorizationException)
        {
            return new XCallResult(XCallStatus.NeedsReauthorization, "X no longer accepts this app's access: sign in with X again");
        }
        catch (XApiException ex)
        {
            LogFailed(ex, what, accountId, (int?)ex.StatusCode);
            var reason = ex.StatusCode switch
            {
                HttpStatusCode.NotFound => "X does not know this user any more",
                HttpStatusCode.Forbidden => "X refused: " + (ex.Detail ?? "forbidden"),
                null => "X did not answer in time",
                _ => "X answered " + (int)ex.StatusCode + (ex.Title is null ? "" : " (" + ex.Title + ")"),
            };
            return new XCallResult(XCallStatus.Failed, Truncate(reason));
        }
        catch (HttpRequestException ex)
        {
            LogFailed(ex, what, accountId, null);
            return new XCallResult(XCallStatus.Failed, "X could not be reached");
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];

    [LoggerMessage(Level = LogLevel.Information, Message = "X rate-limited {What} for account {AccountId} until {ResetAt}")]
    private partial void LogRateLimited(string what, string accountId, DateTimeOffset resetAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "X {What} for account {AccountId} failed (status {Status})")]
    private partial void LogFailed(Exception ex, string what, string accountId, int? status);
}
