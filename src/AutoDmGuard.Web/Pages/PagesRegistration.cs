using AutoDmGuard.Web.Pages.Insights;
using AutoDmGuard.Web.Pages.Settings;

namespace AutoDmGuard.Web.Pages;

public static class PagesRegistration
{
    /// <summary>What only the dashboard's pages use: the insights and export queries, and "/" as the senders list when signed in.</summary>
    public static WebApplicationBuilder AddDashboardPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<InsightsQuery>();
        builder.Services.AddScoped<FlaggedExport>();

        // The landing page ("/", owned by the sign-in feature) stays for visitors; signed in, home is the senders list.
        builder.Services.AddTransient<IStartupFilter, SignedInHomeRewrite>();
        return builder;
    }
}
