using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Pages;

/// <summary>The status bar at the top of the dashboard pages: last and next poll, backfill, rate-limit budget, re-authorization.</summary>
public sealed class WorkerStatusViewComponent(AppDbContext db, WorkerProblems problems, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var accountId = UserClaimsPrincipal.FindAccountId();
        if (accountId is null)
        {
            return Content("");
        }

        var row = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new { a.NeedsReauthorization, a.ReauthorizationReason, a.PollState })
            .SingleOrDefaultAsync(HttpContext.RequestAborted);
        var poll = row?.PollState;
        var now = clock.GetUtcNow().UtcDateTime;
        var problem = problems.For(accountId);
        return View(new WorkerStatus(
            now,
            poll?.LastPollAt,
            poll?.LastSuccessAt,
            poll?.NextDmPollAt,
            poll?.BackfillCompleted ?? false,
            poll?.BackfillEventsStored ?? 0,
            poll?.BackfillOldestAt,
            poll?.RateLimitRemaining,
            poll?.RateLimitResetAt,
            poll?.LastError,
            row?.NeedsReauthorization ?? false,
            row?.ReauthorizationReason)
        {
            UnrecordedError = (problem?.Failure ?? problems.PassFailure)?.Error,
            LeaseHeldElsewhereUntil = WorkerHealthEndpoint.LeaseHeldUntil(problem, now),
        });
    }
}
