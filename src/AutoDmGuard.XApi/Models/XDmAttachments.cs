namespace AutoDmGuard.XApi;

/// <summary>dm_event.attachments.</summary>
public sealed record XDmAttachments
{
    /// <summary>Media keys (see includes.media).</summary>
    public IReadOnlyList<string>? MediaKeys { get; init; }

    /// <summary>Card ids.</summary>
    public IReadOnlyList<string>? CardIds { get; init; }
}
