namespace AutoDmGuard.Web.Senders;

public enum XCallStatus
{
    Ok,
    RateLimited,
    NeedsReauthorization,
    Failed,
}

/// <summary>How one follow/unfollow/mute call to X ended, in the words the dashboard shows. Never carries a token.</summary>
public sealed record XCallResult(XCallStatus Status, string? Error = null, DateTime? RetryAt = null)
{
    public static XCallResult Ok { get; } = new(XCallStatus.Ok);

    public bool Succeeded => Status == XCallStatus.Ok;
}
