namespace AutoDmGuard.XApi;

/// <summary>An expanded media object (includes.media), minimal.</summary>
public sealed record XMedia
{
    /// <summary>Media key.</summary>
    public string? MediaKey { get; init; }

    /// <summary>photo, video, animated_gif.</summary>
    public string? Type { get; init; }

    /// <summary>URL of a photo.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Kept as sent by X.")]
    public string? Url { get; init; }
}
