using System.Security.Claims;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// GET /health/worker: the signed-in account's poll status, or only aggregate counts for anonymous callers (no ids,
/// errors, tokens or texts).
/// </summary>
public static class WorkerHealthEndpoint
{
    public const string Route = "/health/worker";

    public static IEndpointConventionBuilder MapWorkerHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(Route, HandleAsync).WithName("WorkerHealth");
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, AppDbContext db, WorkerProblems problems, IOptions<PollingOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var accountId = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        return accountId is null
            ? Results.Json(await AggregateAsync(db, problems, options.Value, now, cancellationToken))
            : Results.Json(await AccountAsync(db, problems, accountId, options.Value, now, cancellationToken));
    }

    private static async Task<WorkerAggregateStatus> AggregateAsync(
        AppDbContext db, WorkerProblems problems, PollingOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.AsNoTracking()
            .Select(a => new
            {
                a.Id,
                Connected = !a.NeedsReauthorization && a.Token != null,
                a.NeedsReauthorization,
                Failing = a.PollState != null && a.PollState.ConsecutiveFailures > 0,
                Backfilling = a.PollState == null || !a.PollState.BackfillCompleted,
                LastSuccessAt = a.PollState == null ? null : a.PollState.LastSuccessAt,
            })
            .ToListAsync(cancellationToken);
        return new WorkerAggregateStatus(
            options.Enabled,
            now,
            accounts.Count,
            accounts.Count(a => a.Connected),
            accounts.Count(a => a.NeedsReauthorization),
            accounts.Count(a => a.Connected && (a.Failing || problems.For(a.Id)?.Failure is not null)),
            accounts.Count(a => a.Connected && a.Backfilling),
            accounts.Max(a => a.LastSuccessAt),
            await db.DmScores.CountAsync(ScoreQueue.RescorePending, cancellationToken),
            accounts.Count(a => LeaseHeldUntil(problems.For(a.Id), now) is not null),
            problems.PassFailure is not null);
    }

    private static async Task<WorkerAccountStatus> AccountAsync(
        AppDbContext db, WorkerProblems problems, string accountId, PollingOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var problem = problems.For(accountId);
        // A failure the database could not take (disk full) is newer than whatever the row says.
        var unrecorded = problem?.Failure ?? problems.PassFailure;
        var account = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new { a.NeedsReauthorization, HasToken = a.Token != null })
            .FirstOrDefaultAsync(cancellationToken);
        var state = await db.PollStates.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == accountId, cancellationToken);
        var stored = await db.DmEvents.CountAsync(e => e.AccountId == accountId, cancellationToken);
        var unscored = await db.DmEvents.Where(e => e.AccountId == accountId).CountAsync(ScoreQueue.Unscored, cancellationToken);
        var queued = await db.DmScores.Where(s => s.AccountId == accountId).CountAsync(ScoreQueue.Queued, cancellationToken);
        var olderVersion = await db.DmScores.Where(s => s.AccountId == accountId).CountAsync(ScoreQueue.OlderClassifierVersion, cancellationToken);
        return new WorkerAccountStatus(
            options.Enabled,
            now,
            accountId,
            Connected: account is { NeedsReauthorization: false, HasToken: true },
            NeedsReauthorization: account?.NeedsReauthorization ?? false,
            LastPollAt: state?.LastPollAt,
            LastSuccessAt: state?.LastSuccessAt,
            NextDmPollAt: state?.NextDmPollAt,
            NextFollowingSyncAt: state?.NextFollowingSyncAt,
            LastFollowingSyncAt: state?.LastFollowingSyncAt,
            LastError: unrecorded?.Error ?? state?.LastError,
            ConsecutiveFailures: Math.Max(state?.ConsecutiveFailures ?? 0, unrecorded is null ? 0 : 1),
            RateLimitRemaining: state?.RateLimitRemaining,
            RateLimitResetAt: state?.RateLimitResetAt,
            BillableReadsEstimate: state?.BillableReadsEstimate ?? 0,
            new WorkerBackfillStatus(state?.BackfillCompleted ?? false, state?.BackfillEventsStored ?? 0, state?.BackfillOldestAt),
            EventsStored: stored,
            Unscored: unscored,
            new WorkerRescoreStatus(queued + olderVersion, queued, olderVersion, DmScorer.ClassifierVersion),
            LeaseHeldElsewhereUntil: LeaseHeldUntil(problem, now));
    }

    /// <summary>Until when another instance polls this account, as this instance last saw it (null once that has passed).</summary>
    internal static DateTime? LeaseHeldUntil(AccountProblem? problem, DateTime now) =>
        problem?.LeaseHeldElsewhereUntil is { } until && until > now ? until : null;
}

/// <summary>What anonymous callers see: counts only.</summary>
public sealed record WorkerAggregateStatus(
    bool Enabled,
    DateTime Now,
    int Accounts,
    int Connected,
    int NeedsReauthorization,
    int Failing,
    int Backfilling,
    DateTime? LastSuccessAt,
    int RescorePending,
    int LeaseHeldElsewhere,
    bool PassFailing);

/// <summary>The signed-in account's poll status (the dashboard header reads the same PollState row).</summary>
public sealed record WorkerAccountStatus(
    bool Enabled,
    DateTime Now,
    string AccountId,
    bool Connected,
    bool NeedsReauthorization,
    DateTime? LastPollAt,
    DateTime? LastSuccessAt,
    DateTime? NextDmPollAt,
    DateTime? NextFollowingSyncAt,
    DateTime? LastFollowingSyncAt,
    string? LastError,
    int ConsecutiveFailures,
    int? RateLimitRemaining,
    DateTime? RateLimitResetAt,
    long BillableReadsEstimate,
    WorkerBackfillStatus Backfill,
    int EventsStored,
    int Unscored,
    WorkerRescoreStatus Rescore,
    DateTime? LeaseHeldElsewhereUntil);

/// <summary>
/// Stored DMs waiting to be re-scored in the background: because their template gained senders, or because an older
/// classifier version scored them; both reach 0 once the worker has caught up.
/// </summary>
public sealed record WorkerRescoreStatus(int Pending, int Queued, int OlderClassifierVersion, int ClassifierVersion);

/// <summary>How far the 30-day backfill got.</summary>
public sealed record WorkerBackfillStatus(bool Completed, int EventsStored, DateTime? OldestAt);
