using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.Web.Pages;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.XApi;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoDmGuard.Web.Hosting;

/// <summary>
/// The app's services, one AddXxx() per feature (the composition root, so it references every feature): what Program.cs
/// runs and what the benchmarks host, so a feature added here is measured too. Where logs go and the request pipeline stay with the host (Program.cs).
/// </summary>
public static class AppComposition
{
    public static async Task<WebApplicationBuilder> AddAutoDmGuardAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System); // a host that brings its own clock (benchmarks) registers it first
        builder.Services.AddRazorPages(o => o.Conventions.AddAccountPages());
        builder.AddData();                     // SQLite + migrations
        await builder.AddDemoModeAsync(AccountsRegistration.CallbackPath, ct); // no X:ClientId: the built-in X sandbox, X:* at it
        builder.AddXApi();                     // X API client, OAuth client, resilience
        builder.AddAccounts();                 // cookie + sign-in with X, encrypted tokens, refresh
        builder.AddScoring();                  // classifier state, scorer and its queues, score aggregates
        builder.AddPolling();                  // DM / following polling worker and its options
        builder.AddSenders();                  // senders list and sender queries, actions, bulk-unfollow executor
        builder.AddDashboardPages();           // insights and export queries, "/" as the senders list when signed in
        return builder;
    }
}
