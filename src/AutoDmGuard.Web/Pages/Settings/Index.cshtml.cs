using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Pages.Settings;

/// <summary>Per-account settings (flag threshold, poll interval), the allowlist and the export.</summary>
public sealed partial class IndexModel(AppDbContext db, FlaggedExport export, TimeProvider clock, IOptions<ScoringOptions> scoring, SenderVerdictWriter verdicts) : DashboardPageModel
{
    public const int DefaultPollIntervalMinutes = 1;

    /// <summary>What an account flags at until it chooses (the worker's default).</summary>
    public double DefaultFlagThreshold => scoring.Value.EffectiveDefaultFlagThreshold;

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    [BindProperty]
    public AllowlistInput Allow { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<AllowlistEntry> Allowlist { get; private set; } = [];

    public sealed class SettingsInput
    {
        [Display(Name = "Flag threshold")]
        [Range(0.05, 0.95, ErrorMessage = "The flag threshold must be between 0.05 and 0.95.")]
        public double? FlagThreshold { get; set; }

        [Display(Name = "Check for new DMs every (minutes)")]
        [Range(1, 1440, ErrorMessage = "The interval must be between 1 and 1440 minutes.")]
        public int? PollIntervalMinutes { get; set; }
    }

    public sealed class AllowlistInput
    {
        [Display(Name = "Handle")]
        [Required(ErrorMessage = "Enter a handle.")]
        [RegularExpression(@"^@?[A-Za-z0-9_]{1,15}$", ErrorMessage = "A handle is 1 to 15 letters, digits or underscores.")]
        public string? Username { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        if (account is null)
        {
            return NotFound();
        }

        Input = new SettingsInput
        {
            FlagThreshold = scoring.Value.FlagThresholdFor(account),
            PollIntervalMinutes = account.PollIntervalSeconds is { } seconds ? Math.Max(1, seconds / 60) : DefaultPollIntervalMinutes,
        };
        await LoadAllowlistAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!TryValidateModel(Input, nameof(Input)))
        {
            await LoadAllowlistAsync(ct);
            return Page();
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == AccountId, ct);
        if (account is null)
        {
            return NotFound();
        }

        var threshold = Input.FlagThreshold ?? scoring.Value.FlagThresholdFor(account);
        var thresholdChanged = scoring.Value.FlagThresholdFor(account) != threshold;
        account.FlagThreshold = threshold;
        account.PollIntervalSeconds = (Input.PollIntervalMinutes ?? DefaultPollIntervalMinutes) * 60;
        await db.SaveChangesAsync(ct);
        if (thresholdChanged)
        {
            await verdicts.ReflagAsync(account, threshold, clock.GetUtcNow().UtcDateTime, ct);
        }

        StatusMessage = "Settings saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAllowAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!TryValidateModel(Allow, nameof(Allow)))
        {
            await ReloadInputAsync(ct);
            await LoadAllowlistAsync(ct);
            return Page();
        }

        var accountId = AccountId;
        var username = Allow.Username!.TrimStart('@');
        var handle = HandleQueries.Key(username);
        var known = await db.KnownUsers.AsNoTracking()
            .WithHandle(accountId, handle)
            .Select(u => new { u.UserId, u.Username })
            .FirstOrDefaultAsync(ct);
        username = known?.Username ?? username;
        var exists = await db.AllowlistEntries.WithHandle(accountId, handle).AnyAsync(ct);
        if (!exists)
        {
            db.AllowlistEntries.Add(new AllowlistEntry { AccountId = accountId, Username = username, UserId = known?.UserId, AddedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }

        if (known is not null)
        {
            await db.SenderVerdicts.Where(v => v.AccountId == accountId && v.SenderId == known.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Flagged, false), ct);
        }

        StatusMessage = exists ? $"@{username} is already on the allowlist." : $"Added @{username} to the allowlist: never flagged.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAllowedAsync(string username, CancellationToken ct)
    {
        var accountId = AccountId;
        var removed = await db.AllowlistEntries.Where(e => e.AccountId == accountId && e.Username == username).ExecuteDeleteAsync(ct);
        StatusMessage = removed == 0 ? "That handle was not on the allowlist." : $"Removed @{username} from the allowlist.";
        return RedirectToPage();
    }

    /// <summary>GET /settings?handler=Export&amp;format=csv|json: the flagged senders and their DMs.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        if (!json && !string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest("format must be csv or json");
        }

        var accountId = AccountId;
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        Response.ContentType = json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"autodmguard-flagged-{stamp}.{(json ? "json" : "csv")}\"";
        Response.Headers.CacheControl = "no-store";
        if (json)
        {
            await export.WriteJsonAsync(accountId, Response.Body, ct);
        }
        else
        {
            await export.WriteCsvAsync(accountId, Response.Body, ct);
        }

        return new EmptyResult();
    }

    private Task<Data.Account?> AccountAsync(CancellationToken ct)
    {
        var accountId = AccountId;
        return db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, ct);
    }

    private async Task ReloadInputAsync(CancellationToken ct)
    {
        var account = await AccountAsync(ct);
        Input = new SettingsInput
        {
            FlagThreshold = account is null ? null : scoring.Value.FlagThresholdFor(account),
            PollIntervalMinutes = account?.PollIntervalSeconds is { } seconds ? Math.Max(1, seconds / 60) : DefaultPollIntervalMinutes,
        };
    }

    private async Task LoadAllowlistAsync(CancellationToken ct)
    {
        var accountId = AccountId;
        Allowlist = await db.AllowlistEntries.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.Username).ToListAsync(ct);
    }
}
