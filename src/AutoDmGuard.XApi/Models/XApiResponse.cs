using System.Text.Json.Serialization;

namespace AutoDmGuard.XApi;

/// <summary>What every X API v2 response carries besides data: partial errors and the rate-limit headers.</summary>
public abstract record XApiResponse
{
    private readonly IReadOnlyList<XProblem>? _errors;

    /// <summary>Partial errors returned next to data (e.g. an expanded user that no longer exists); empty when none.</summary>
    public IReadOnlyList<XProblem> Errors { get => _errors ?? []; init => _errors = value; }

    /// <summary>The response's rate-limit headers.</summary>
    [JsonIgnore]
    public XRateLimit RateLimit { get; internal set; } = XRateLimit.None;
}
