namespace AutoDmGuard.XApi;

/// <summary>Result of mute/unmute.</summary>
public sealed record XMuteResult
{
    /// <summary>Whether the target is now muted.</summary>
    public bool Muting { get; init; }
}
