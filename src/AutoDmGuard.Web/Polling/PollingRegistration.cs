using AutoDmGuard.Web.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoDmGuard.Web.Polling;

public static class PollingRegistration
{
    /// <summary>Registers the polling worker, its per-pass services and its validated options (section "Polling").</summary>
    public static WebApplicationBuilder AddPolling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PollingOptions>()
            .BindConfiguration(PollingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.BackoffBase <= o.BackoffCap, "Polling:BackoffBase must not exceed Polling:BackoffCap.")
            .Validate(o => o.AccountTimeout < o.LeaseDuration, "Polling:AccountTimeout must be shorter than Polling:LeaseDuration, or a slow account could be polled twice.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PollingInstance>();
        services.AddSingleton<PollingHooks>();
        services.AddSingleton<WorkerProblems>();
        services.AddScoped<PollingPass>();
        services.AddScoped<AccountPoller>();
        services.AddScoped<AccountLease>();
        services.AddScoped<InboxSync>();
        services.AddScoped<PollFailurePolicy>();
        services.AddScoped<DmEventStore>();
        services.AddScoped<FollowingSync>();
        services.AddAppMetrics();
        if (builder.GetAppRole().RunsWorker())
        {
            services.AddHostedService<DmPollingWorker>();
        }

        return builder;
    }
}
