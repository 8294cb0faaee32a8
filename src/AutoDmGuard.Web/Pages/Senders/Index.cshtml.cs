using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Senders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Pages.Senders;

/// <summary>
/// The senders list (home when signed in) and its actions. Every action is a form POST with antiforgery that redirects
/// back to the same view (PRG); the page script sends the same form with fetch and gets JSON instead.
/// </summary>
public sealed class IndexModel(
    SenderListQuery query,
    SenderActionService actions,
    AppDbContext db,
    IOptions<SendersOptions> options,
    TimeProvider clock) : DashboardPageModel
{
    [BindProperty(SupportsGet = true, Name = "filter")]
    public SenderFilter Filter { get; set; } = SenderFilter.Flagged;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    // "page" is Razor Pages' own route value, hence "p".
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public bool StatusIsError { get; set; }

    [TempData]
    public string? UndoSenderId { get; set; }

    public SenderListResult Result { get; private set; } = new([], 0, 1, 1);

    public BulkJobView? Bulk { get; private set; }

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // A hand-edited query string (unknown filter, page "abc"): say so and show the default view.
            StatusMessage ??= "Some of the address's options were not understood; showing flagged senders.";
            StatusIsError = true;
            Filter = SenderFilter.Flagged;
            PageNumber = 1;
        }

        Now = clock.GetUtcNow().UtcDateTime;
        Result = await query.RunAsync(AccountId, new SenderListRequest(Filter, Search, PageNumber, options.Value.PageSize), ct);
        Bulk = await LatestBulkJobAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnfollowAsync(string? senderId, CancellationToken ct) =>
        Respond(await actions.UnfollowAsync(AccountId, senderId ?? "", ct), offerUndo: true);

    public async Task<IActionResult> OnPostUndoAsync(string? senderId, CancellationToken ct) =>
        Respond(await actions.UndoUnfollowAsync(AccountId, senderId ?? "", ct), offerUndo: false);

    public async Task<IActionResult> OnPostNotAutomatedAsync(string? senderId, CancellationToken ct) =>
        Respond(await actions.MarkNotAutomatedAsync(AccountId, senderId ?? "", ct), offerUndo: false);

    public async Task<IActionResult> OnPostMuteAsync(string? senderId, CancellationToken ct) =>
        Respond(await actions.MuteAsync(AccountId, senderId ?? "", ct), offerUndo: false);

    public async Task<IActionResult> OnPostUnfollowAllAsync(CancellationToken ct)
    {
        var (outcome, _) = await actions.QueueBulkUnfollowAsync(AccountId, Filter, Search, ct);
        return Respond(outcome, offerUndo: false);
    }

    public async Task<IActionResult> OnPostCancelBulkAsync(long jobId, CancellationToken ct) =>
        Respond(await actions.CancelBulkAsync(AccountId, jobId, ct), offerUndo: false);

    /// <summary>The progress bar's poll (JSON).</summary>
    public async Task<IActionResult> OnGetBulkStatusAsync(CancellationToken ct)
    {
        var job = await LatestBulkJobAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonResult(job is null
            ? new { active = false }
            : (object)new { active = job.Active, id = job.Id, total = job.Total, done = job.Done, failed = job.Failed, status = job.Status.ToString(), text = job.Describe(now) });
    }

    /// <summary>The query string that keeps the current view (filter, search, page) across links and redirects.</summary>
    public object RouteValues(SenderFilter? filter = null, int? page = null) => new
    {
        filter = (filter ?? Filter).ToString().ToLowerInvariant(),
        q = string.IsNullOrWhiteSpace(Search) ? null : Search,
        p = page ?? (filter is null ? PageNumber : 1),
    };

    private IActionResult Respond(ActionOutcome outcome, bool offerUndo)
    {
        if (WantsJson)
        {
            return new JsonResult(new { ok = outcome.Ok, message = outcome.Message, senderId = outcome.SenderId, undo = offerUndo && outcome.Ok })
            {
                StatusCode = outcome.StatusCode,
            };
        }

        if (outcome.Kind == ActionOutcomeKind.NotFound)
        {
            return NotFound();
        }

        StatusMessage = outcome.Message;
        StatusIsError = !outcome.Ok;
        UndoSenderId = offerUndo && outcome.Ok ? outcome.SenderId : null;
        return RedirectToPage(RouteValues());
    }

    private async Task<BulkJobView?> LatestBulkJobAsync(CancellationToken ct)
    {
        var accountId = AccountId;
        return await db.BulkUnfollowJobs.AsNoTracking()
            .Where(j => j.AccountId == accountId)
            .OrderByDescending(j => j.Id)
            .Select(j => new BulkJobView(j.Id, j.Status, j.Filter, j.Total, j.Done, j.Failed, j.NextAttemptAt, j.CompletedAt))
            .FirstOrDefaultAsync(ct);
    }
}
