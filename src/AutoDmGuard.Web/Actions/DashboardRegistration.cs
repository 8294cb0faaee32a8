using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Pages.Insights;
using AutoDmGuard.Web.Pages.Senders;
using AutoDmGuard.Web.Pages.Settings;

namespace AutoDmGuard.Web.Actions;

public static class DashboardRegistration
{
    /// <summary>The dashboard: list and sender queries, actions, the bulk-unfollow executor, and "/" as the list when signed in.</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SenderListQuery>();
        builder.Services.AddScoped<SenderDetailsQuery>();
        builder.Services.AddScoped<InsightsQuery>();
        builder.Services.AddScoped<FlaggedExport>();
        builder.Services.AddScoped<XFollowGraph>();
        builder.Services.AddAppMetrics();
        builder.Services.AddScoped<SenderActionService>();
        builder.Services.AddScoped<BulkUnfollowRunner>();
        builder.Services.AddSingleton<BulkUnfollowSignal>();
        // A web instance only queues jobs; the executor runs on the worker instances (its claim keeps it to one at a time).
        if (builder.GetAppRole().RunsWorker()
            && builder.Configuration.GetValue($"{DashboardOptions.Section}:{nameof(DashboardOptions.BulkExecutorEnabled)}", true))
        {
            builder.Services.AddHostedService<BulkUnfollowExecutor>();
        }

        // The landing page ("/", owned by the sign-in feature) stays for visitors; signed in, home is the senders list.
        builder.Services.AddTransient<IStartupFilter, SignedInHomeRewrite>();
        return builder;
    }
}
