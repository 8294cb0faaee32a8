using Microsoft.AspNetCore.Mvc;

namespace AutoDmGuard.Web.Pages.Insights;

public sealed class IndexModel(InsightsQuery query, TimeProvider clock) : DashboardPageModel
{
    public const int Weeks = 12;

    public IReadOnlyList<WeekCount> PerWeek { get; private set; } = [];

    public IReadOnlyList<TemplateUsage> Templates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        PerWeek = await query.AutoDmsPerWeekAsync(AccountId, now, Weeks, ct);
        Templates = await query.TopTemplatesAsync(AccountId, 10, ct);
        return Page();
    }
}
