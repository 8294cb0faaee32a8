namespace AutoDmGuard.Web.Senders;

public static class SendersRegistration
{
    /// <summary>The senders feature: list and sender queries, the actions on a sender, bulk unfollow and its executor.</summary>
    public static WebApplicationBuilder AddSenders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SenderListQuery>();
        builder.Services.AddScoped<SenderDetailsQuery>();
        builder.Services.AddScoped<XFollowGraph>();
        builder.Services.AddScoped<SenderActionService>();
        builder.Services.AddScoped<BulkUnfollowRunner>();
        builder.Services.AddSingleton<BulkUnfollowSignal>();
        if (builder.Configuration.GetValue($"{DashboardOptions.Section}:{nameof(DashboardOptions.BulkExecutorEnabled)}", true))
        {
            builder.Services.AddHostedService<BulkUnfollowExecutor>();
        }

        return builder;
    }
}
