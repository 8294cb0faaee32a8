using AutoDmGuard.Web.Senders;
using Microsoft.AspNetCore.Mvc;

namespace AutoDmGuard.Web.Pages.Senders;

/// <summary>One sender: all their DMs with per-DM scores and reasons, the template clusters and the follow timeline.</summary>
public sealed class DetailsModel(SenderDetailsQuery query, SenderActionService actions, TimeProvider clock) : DashboardPageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [TempData]
    public bool StatusIsError { get; set; }

    public SenderDetails Details { get; private set; } = null!;

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string senderId, CancellationToken ct)
    {
        var details = await query.RunAsync(AccountId, senderId, ct);
        if (details is null)
        {
            return NotFound();
        }

        Details = details;
        Now = clock.GetUtcNow().UtcDateTime;
        return Page();
    }

    public async Task<IActionResult> OnPostUnfollowAsync(string senderId, CancellationToken ct) =>
        Respond(await actions.UnfollowAsync(AccountId, senderId, ct), senderId);

    public async Task<IActionResult> OnPostUndoAsync(string senderId, CancellationToken ct) =>
        Respond(await actions.UndoUnfollowAsync(AccountId, senderId, ct), senderId);

    public async Task<IActionResult> OnPostNotAutomatedAsync(string senderId, CancellationToken ct) =>
        Respond(await actions.MarkNotAutomatedAsync(AccountId, senderId, ct), senderId);

    public async Task<IActionResult> OnPostMuteAsync(string senderId, CancellationToken ct) =>
        Respond(await actions.MuteAsync(AccountId, senderId, ct), senderId);

    private IActionResult Respond(ActionOutcome outcome, string senderId)
    {
        if (WantsJson)
        {
            return new JsonResult(new { ok = outcome.Ok, message = outcome.Message, senderId = outcome.SenderId, undo = false }) { StatusCode = outcome.StatusCode };
        }

        if (outcome.Kind == ActionOutcomeKind.NotFound)
        {
            return NotFound();
        }

        StatusMessage = outcome.Message;
        StatusIsError = !outcome.Ok;
        return RedirectToPage(new { senderId });
    }
}
