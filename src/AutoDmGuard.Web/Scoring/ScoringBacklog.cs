using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Operations;
using System.Data.Common;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// The depth of <see cref="ScoreQueue.Unscored"/> over all accounts, for the queue-depth gauge. Read from the
/// database, not from this process, so every instance of a fleet reports the same queue, whichever worker fills it.
/// </summary>
internal sealed partial class ScoringBacklog(IServiceScopeFactory scopes, ILogger<ScoringBacklog> logger) : IScoringBacklog
{
    public long? CountWaiting()
    {
        try
        {
            // The gauge's callback is synchronous (the metrics collector calls it once per export interval).
            using var scope = scopes.CreateScope();
            return scope.ServiceProvider.GetRequiredService<AppDbContext>().DmEvents.LongCount(ScoreQueue.Unscored);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // No value beats a wrong 0; /health/ready says why.
            LogUnavailable(ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scoring queue's depth could not be read; the metric skips this collection")]
    private partial void LogUnavailable(Exception ex);
}
