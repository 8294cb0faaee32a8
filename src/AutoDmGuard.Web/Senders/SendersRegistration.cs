using AutoDmGuard.Web.Operations;

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
            .ValidateOnStart();
        builder.Services.AddScoped<SenderListQuery>();
        builder.Services.AddScoped<SenderDetailsQuery>();
        builder.Services.AddScoped<XFollowGraph>();
        builder.Services.AddAppMetrics();
        builder.Services.AddScoped<SenderActionService>();
        builder.Services.AddScoped<BulkUnfollowRunner>();
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
