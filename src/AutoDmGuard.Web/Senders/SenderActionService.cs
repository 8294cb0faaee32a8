using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// The dashboard's actions on one sender. Each looks the sender up by (signed-in account, sender id), so another
/// account's sender id finds nothing and changes nothing; each records a <see cref="SenderAction"/> before calling X, so
/// the audit trail shows attempts that failed as well as those that worked.
/// </summary>
public sealed class SenderActionService(
    AppDbContext db,
    XFollowGraph x,
    SenderListQuery list,
    BulkUnfollowSignal bulkSignal,
    IOptions<SendersOptions> options,
    TimeProvider clock)
{
    public async Task<ActionOutcome> UnfollowAsync(string accountId, string senderId, CancellationToken ct)
    {
        var (verdict, username) = await FindAsync(accountId, senderId, ct);
        if (verdict is null)
        {
            return NotFound(senderId);
        }

        if (verdict.Status == SenderStatus.Unfollowed)
        {
            return new ActionOutcome(ActionOutcomeKind.Done, $"You already unfollowed @{username}.", senderId, username);
        }

        var result = await RunAsync(accountId, senderId, SenderActionKind.Unfollow, () => x.UnfollowAsync(accountId, senderId, ct), ct);
        if (!result.Succeeded)
        {
            return Failed($"Could not unfollow @{username}", result, senderId, username);
        }

        var now = Now;
        verdict.Status = SenderStatus.Unfollowed;
        verdict.UpdatedAt = now;
        await db.Follows.Where(f => f.AccountId == accountId && f.UserId == senderId && f.UnfollowedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.UnfollowedAt, now), ct);
        await db.SaveChangesAsync(ct);
        return new ActionOutcome(ActionOutcomeKind.Done, $"Unfollowed @{username}.", senderId, username);
    }

    /// <summary>Undo of an unfollow: follows the sender again and puts them back where they were listed.</summary>
    public async Task<ActionOutcome> UndoUnfollowAsync(string accountId, string senderId, CancellationToken ct)
    {
        var (verdict, username) = await FindAsync(accountId, senderId, ct);
        if (verdict is null)
        {
            return NotFound(senderId);
        }

        if (verdict.Status != SenderStatus.Unfollowed)
        {
            return new ActionOutcome(ActionOutcomeKind.Conflict, $"There is no unfollow of @{username} to undo.", senderId, username);
        }

        var result = await RunAsync(accountId, senderId, SenderActionKind.Refollow, () => x.FollowAsync(accountId, senderId, ct), ct);
        if (!result.Succeeded)
        {
            return Failed($"Could not follow @{username} again", result, senderId, username);
        }

        var now = Now;
        verdict.Status = verdict.Mark == SenderMark.NotAutomated ? SenderStatus.Kept : SenderStatus.Active;
        verdict.UpdatedAt = now;
        await db.Follows.Where(f => f.AccountId == accountId && f.UserId == senderId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.UnfollowedAt, (DateTime?)null).SetProperty(f => f.LastSeenAt, now), ct);
        await db.SaveChangesAsync(ct);
        return new ActionOutcome(ActionOutcomeKind.Done, $"Following @{username} again.", senderId, username);
    }

    public async Task<ActionOutcome> MuteAsync(string accountId, string senderId, CancellationToken ct)
    {
        var (verdict, username) = await FindAsync(accountId, senderId, ct);
        if (verdict is null)
        {
            return NotFound(senderId);
        }

        var result = await RunAsync(accountId, senderId, SenderActionKind.Mute, () => x.MuteAsync(accountId, senderId, ct), ct);
        if (!result.Succeeded)
        {
            return Failed($"Could not mute @{username}", result, senderId, username);
        }

        if (verdict.Status is SenderStatus.Active or SenderStatus.Kept)
        {
            verdict.Status = SenderStatus.Muted;
        }

        verdict.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return new ActionOutcome(ActionOutcomeKind.Done, $"Muted @{username}: you still follow them, their DMs stay quiet.", senderId, username);
    }

    /// <summary>
    /// Feedback: the sender is a person. Kept, and the worker does not flag them again unless their messages change
    /// (it reads <see cref="SenderVerdict.Mark"/>); no call to X.
    /// </summary>
    public async Task<ActionOutcome> MarkNotAutomatedAsync(string accountId, string senderId, CancellationToken ct)
    {
        var (verdict, username) = await FindAsync(accountId, senderId, ct);
        if (verdict is null)
        {
            return NotFound(senderId);
        }

        var now = Now;
        verdict.Mark = SenderMark.NotAutomated;
        if (verdict.Status != SenderStatus.Unfollowed)
        {
            verdict.Status = SenderStatus.Kept;
        }

        verdict.UpdatedAt = now;
        db.SenderActions.Add(new SenderAction
        {
            AccountId = accountId,
            TargetUserId = senderId,
            Kind = SenderActionKind.MarkNotAutomated,
            Status = ActionStatus.Done,
            CreatedAt = now,
            CompletedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return new ActionOutcome(ActionOutcomeKind.Done, $"Kept @{username}: marked as not automated.", senderId, username);
    }

    /// <summary>
    /// "Unfollow all shown": queues every sender the filter and search select (all pages, not yet unfollowed) as one
    /// job of pending actions; <see cref="BulkUnfollowRunner"/> works it off within X's limits.
    /// </summary>
    public async Task<(ActionOutcome Outcome, long? JobId)> QueueBulkUnfollowAsync(string accountId, SenderFilter filter, string? search, CancellationToken ct)
    {
        var active = await db.BulkUnfollowJobs.AnyAsync(
            j => j.AccountId == accountId && (j.Status == BulkJobStatus.Queued || j.Status == BulkJobStatus.Running || j.Status == BulkJobStatus.WaitingForRateLimit), ct);
        if (active)
        {
            return (new ActionOutcome(ActionOutcomeKind.Conflict, "A bulk unfollow is already running. Wait for it or cancel it first."), null);
        }

        var senderIds = await SenderListQuery.InListOrder(list.Matching(accountId, filter, search).Where(v => v.Status != SenderStatus.Unfollowed))
            .Select(v => v.SenderId)
            .ToListAsync(ct);
        if (senderIds.Count == 0)
        {
            return (new ActionOutcome(ActionOutcomeKind.Conflict, "Nothing to unfollow in this view."), null);
        }

        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var term = SenderListQuery.NormalizeSearch(search);
        var job = new BulkUnfollowJob
        {
            AccountId = accountId,
            Status = BulkJobStatus.Queued,
            Filter = term is null ? filter.ToString() : $"{filter}; search \"{Cap(term, 100)}\"",
            Total = senderIds.Count,
            CreatedAt = now,
        };
        db.BulkUnfollowJobs.Add(job);
        await db.SaveChangesAsync(ct);
        db.SenderActions.AddRange(senderIds.Select(id => new SenderAction
        {
            AccountId = accountId,
            TargetUserId = id,
            Kind = SenderActionKind.Unfollow,
            Status = ActionStatus.Pending,
            CreatedAt = now,
            BulkJobId = job.Id,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        bulkSignal.Wake();

        var perWindow = options.Value.UnfollowsPerWindow;
        var message = senderIds.Count <= perWindow
            ? $"Queued {senderIds.Count} unfollows."
            : $"Queued {senderIds.Count} unfollows. X allows {perWindow} every {options.Value.UnfollowWindow.TotalMinutes:0} minutes, so this takes a while; you can leave this page.";
        return (new ActionOutcome(ActionOutcomeKind.Done, message), job.Id);
    }

    /// <summary>Stops a bulk job of this account: its pending actions become cancelled; unfollows already done stay done.</summary>
    public async Task<ActionOutcome> CancelBulkAsync(string accountId, long jobId, CancellationToken ct)
    {
        var job = await db.BulkUnfollowJobs.SingleOrDefaultAsync(j => j.Id == jobId && j.AccountId == accountId, ct);
        if (job is null)
        {
            return new ActionOutcome(ActionOutcomeKind.NotFound, "No such bulk unfollow.");
        }

        if (job.Status is BulkJobStatus.Completed or BulkJobStatus.Cancelled)
        {
            return new ActionOutcome(ActionOutcomeKind.Conflict, "This bulk unfollow has already finished.");
        }

        var now = Now;
        job.Status = BulkJobStatus.Cancelled;
        job.CompletedAt = now;
        job.NextAttemptAt = null;
        await db.SaveChangesAsync(ct);
        var cancelled = await db.SenderActions
            .Where(a => a.BulkJobId == jobId && a.AccountId == accountId && a.Status == ActionStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ActionStatus.Cancelled).SetProperty(a => a.CompletedAt, now), ct);
        return new ActionOutcome(ActionOutcomeKind.Done, $"Cancelled: {job.Done} unfollowed, {cancelled} not done.");
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<(SenderVerdict? Verdict, string Username)> FindAsync(string accountId, string senderId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (string.IsNullOrEmpty(senderId))
        {
            return (null, "");
        }

        var verdict = await db.SenderVerdicts.SingleOrDefaultAsync(v => v.AccountId == accountId && v.SenderId == senderId, ct);
        if (verdict is null)
        {
            return (null, "");
        }

        var username = await db.KnownUsers.Where(u => u.AccountId == accountId && u.UserId == senderId).Select(u => u.Username).SingleOrDefaultAsync(ct);
        return (verdict, username ?? senderId);
    }

    /// <summary>Records the attempt, calls X, then records how it ended.</summary>
    private async Task<XCallResult> RunAsync(string accountId, string senderId, SenderActionKind kind, Func<Task<XCallResult>> call, CancellationToken ct)
    {
        var action = new SenderAction
        {
            AccountId = accountId,
            TargetUserId = senderId,
            Kind = kind,
            Status = ActionStatus.Pending,
            CreatedAt = Now,
        };
        db.SenderActions.Add(action);
        await db.SaveChangesAsync(ct);

        var result = await call();
        action.Status = result.Succeeded ? ActionStatus.Done : ActionStatus.Failed;
        action.CompletedAt = Now;
        action.Error = result.Error;
        await db.SaveChangesAsync(CancellationToken.None);
        return result;
    }

    private static ActionOutcome NotFound(string senderId) =>
        new(ActionOutcomeKind.NotFound, "No such sender in your inbox.", senderId);

    private static ActionOutcome Failed(string what, XCallResult result, string senderId, string username)
    {
        var retry = result.RetryAt is { } at ? $" Try again after {Ago.Utc(at)}." : "";
        return new ActionOutcome(ActionOutcomeKind.Failed, $"{what}: {result.Error}.{retry}", senderId, username);
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];
}
