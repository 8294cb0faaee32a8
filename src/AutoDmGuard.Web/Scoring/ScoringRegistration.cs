using AutoDmGuard.Web.Operations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AutoDmGuard.Web.Scoring;

public static class ScoringRegistration
{
    /// <summary>The process-wide classifier, the scorer (unscored and re-score queues), score aggregates, and their options.</summary>
    public static WebApplicationBuilder AddScoring(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ScoringOptions>()
            .BindConfiguration(ScoringOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClassifierState>();
        services.AddScoped<DmScorer>();
        services.AddScoped<ScoreQueue>();
        services.AddScoped<InboxContextLoader>();
        services.AddScoped<ClassifierWarmup>();
        services.AddScoped<TemplateIndexSync>();
        services.AddScoped<SenderVerdictWriter>();
        services.AddScoped<ScoreAggregates>();
        services.AddSingleton<IScoringBacklog, ScoringBacklog>();
        services.AddAppMetrics();
        return builder;
    }
}
