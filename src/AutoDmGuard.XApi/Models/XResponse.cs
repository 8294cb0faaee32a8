namespace AutoDmGuard.XApi;

/// <summary>A single-object response (users/me, follow, mute, ...).</summary>
public sealed record XResponse<T> : XApiResponse
    where T : class
{
    private readonly XIncludes? _includes;

    /// <summary>The object; null only when X returned errors instead.</summary>
    public T? Data { get; init; }

    /// <summary>Expanded objects.</summary>
    public XIncludes Includes { get => _includes ?? XIncludes.Empty; init => _includes = value; }
}
