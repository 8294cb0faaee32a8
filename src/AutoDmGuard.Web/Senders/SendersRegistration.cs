using AutoDmGuard.Web.Operations;
using AutoDmGuard.XApi;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Senders;

public static class SendersRegistration
{
    /// <summary>The senders feature: list and sender queries, the actions on a sender, bulk unfollow and its executor.</summary>
    public static WebApplicationBuilder AddSenders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SendersOptions>()
            .BindConfiguration(SendersOptions.Section)
            .ValidateDataAnnotations()
            .Validate<IOptions<XApiOptions>>(
                (o, x) => o.BulkJobLeaseDuration > x.Value.TotalRequestTimeout,
                "Dashboard:BulkJobLeaseDuration must be longer than X:TotalRequestTimeout, or a slow unfollow could be sent again by another instance.")
            .ValidateOnStart();
        builder.Services.AddScoped<SenderListQuery>();
        builder.Services.AddScoped<SenderDetailsQuery>();
        builder.Services.AddScoped<XFollowGraph>();
        builder.Services.AddAppMetrics();
        builder.Services.AddScoped<SenderActionService>();
        builder.Services.AddScoped<BulkUnfollowRunner>();
        builder.Services.AddScoped<BulkJobLease>();
        builder.Services.AddSingleton<BulkUnfollowSignal>();
        // A web instance only queues jobs; the executor runs on the worker instances (its claim keeps it to one at a time).
        if (builder.GetAppRole().RunsWorker()
            && builder.Configuration.GetValue($"{SendersOptions.Section}:{nameof(SendersOptions.BulkExecutorEnabled)}", true))
        {
            builder.Services.AddHostedService<BulkUnfollowExecutor>();
        }

        return builder;
    }
}
