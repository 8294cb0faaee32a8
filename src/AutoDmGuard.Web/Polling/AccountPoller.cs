using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// One account's share of a pass, in its own scope, under the lease the pass claimed (<see cref="AccountLease"/>): syncs the following
/// list (<see cref="FollowingSync"/>) and the inbox (<see cref="InboxSync"/>) when they are due, scores the unscored
/// queue (<see cref="DmScorer"/>) and records the status. Failures become schedules (<see cref="PollFailurePolicy"/>)
/// and never escape to the pass. The pass's state travels in an <see cref="AccountPass"/>.
/// </summary>
internal sealed class AccountPoller(
    AppDbContext db,
    AccountTokenService tokens,
    AccountLease lease,
    FollowingSync following,
    InboxSync inbox,
    PollFailurePolicy failures,
    DmScorer scorer,
    PollingHooks hooks,
    WorkerProblems problems,
    IOptions<ScoringOptions> scoring,
    TimeProvider clock,
    ILogger<AccountPoller> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private AccountPass? _current;

    /// <summary>What this poll has done so far (null before it starts): the pass reads it when the poll fails unexpectedly.</summary>
    public AccountPollOutcome? Progress => _current?.Outcome;

    /// <summary>Polls an account whose lease this instance has claimed (<see cref="AccountLease.ClaimNextDueAsync"/>); releases it.</summary>
    public async Task<AccountPollOutcome> PollClaimedAsync(string accountId, CancellationToken cancellationToken)
    {
        try
        {
            var account = await db.Accounts.AsNoTracking().Include(a => a.Token).FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
            if (account is null || account.NeedsReauthorization || account.Token is null)
            {
                return new AccountPollOutcome(accountId) { Status = AccountPollStatus.Skipped };
            }

            // LastPollAt was set by the claim.
            var state = await db.PollStates.SingleAsync(p => p.AccountId == accountId, cancellationToken);
            var pass = new AccountPass(account, state, tokens.OpenSession(accountId));
            _current = pass;
            var status = await PollLeasedAsync(pass, cancellationToken);
            // The outcome (success or a recorded failure) is in the database now; nothing needs to be kept in memory.
            problems.Recorded(accountId);
            var outcome = pass.Outcome with { Status = status };
            PollingLog.AccountPolled(
                logger, accountId, outcome.EventsRead, outcome.Pages, outcome.NewEvents, outcome.Scored,
                outcome.BillableReads, state.RateLimitRemaining, state.NextDmPollAt);
            return outcome;
        }
        finally
        {
            await lease.ReleaseAsync(accountId);
        }
    }

    private async Task<AccountPollStatus> PollLeasedAsync(AccountPass pass, CancellationToken cancellationToken)
    {
        var state = pass.State;
        var failed = false;
        try
        {
            if (state.NextFollowingSyncAt is null || state.NextFollowingSyncAt <= Now)
            {
                failed |= !await failures.RunAsync(pass, PollOperation.Following, () => following.SyncAsync(pass, cancellationToken), cancellationToken);
            }

            if (state.NextDmPollAt is null || state.NextDmPollAt <= Now)
            {
                failed |= !await failures.RunAsync(pass, PollOperation.Dms, () => inbox.SyncAsync(pass, cancellationToken), cancellationToken);
            }

            if (!failed)
            {
                // A DM from someone not known to be followed: see a follow made since the last sync before scoring it.
                failed |= !await failures.RunAsync(pass, PollOperation.Following, () => following.CatchUpBeforeScoringAsync(pass, cancellationToken), cancellationToken);
            }

            // The recovery queue: whatever is stored but unscored (this pass's events, or a crash's leftovers).
            var account = pass.Account;
            var scored = await scorer.ScoreQueueAsync(
                account, scoring.Value.FlagThresholdFor(account), scoring.Value.ScoreBatchSize,
                ct => hooks.ReachedAsync(account.Id, PollingCheckpoint.RescoreBatchStored, ct),
                ct => hooks.ReachedAsync(account.Id, PollingCheckpoint.IndexedAheadBatchStored, ct),
                cancellationToken);
            pass.Outcome = pass.Outcome with { Scored = scored.Scored };
        }
        catch (AccountNeedsReauthorizationException ex)
        {
            await failures.RecordReauthorizationAsync(pass, ex.Message, cancellationToken);
            return AccountPollStatus.NeedsReauthorization;
        }

        if (!failed)
        {
            state.ConsecutiveFailures = 0;
            state.LastError = null;
            state.LastSuccessAt = Now;
        }

        await pass.SaveAsync(db, cancellationToken);
        return failed ? AccountPollStatus.Failed : AccountPollStatus.Polled;
    }
}

public enum AccountPollStatus
{
    Polled,
    Failed,
    Skipped,
    LeaseHeldElsewhere,
    NeedsReauthorization,
}

/// <summary>What one account's share of a pass did (returned to tests and summed in the pass log).</summary>
public sealed record AccountPollOutcome(string AccountId)
{
    public AccountPollStatus Status { get; init; }

    public int EventsRead { get; init; }

    public int NewEvents { get; init; }

    public int Pages { get; init; }

    public int Scored { get; init; }

    /// <summary>Events X returned (and bills, once per event per UTC day).</summary>
    public int BillableReads { get; init; }

    public string? Error { get; init; }
}
