using System.ComponentModel.DataAnnotations;

namespace AutoDmGuard.XApi;

/// <summary>Settings for the X API v2 client, bound from the "X" configuration section.</summary>
public sealed class XApiOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "X";

    /// <summary>The default scopes: read DMs and follows, unfollow, mute, and get a refresh token.</summary>
    public static readonly IReadOnlyList<string> DefaultScopes =
        ["tweet.read", "users.read", "dm.read", "follows.read", "follows.write", "mute.write", "offline.access"];

    /// <summary>The OAuth 2.0 client id ("Keys and tokens" in the X developer console, not the API key).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth 2.0 client secret of a confidential client; null for a public client.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Base address of the API (real X or the sandbox); token and revoke endpoints live under it.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.x.com");

    /// <summary>The consent page the browser is sent to.</summary>
    [Required]
    public Uri AuthorizeEndpoint { get; set; } = new("https://x.com/i/oauth2/authorize");

    /// <summary>Scopes requested at sign-in.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Configuration binding replaces arrays cleanly; lists would be appended to.")]
    public string[] Scopes { get; set; } = [.. DefaultScopes];

    /// <summary>How long one attempt may take before it is abandoned (and, for reads, retried).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call may take in total, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:15:00")]
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Retries of a failed read (GET) on 5xx, 408 or a timeout; writes are never retried.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the exponential, jittered back-off between read retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when a client id is set (otherwise the app runs in demo mode against the sandbox).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>POST /2/oauth2/token under <see cref="ApiBaseUrl"/>.</summary>
    public Uri TokenEndpoint => new(ApiBaseUrl, XApiRoutes.Token);

    /// <summary>POST /2/oauth2/revoke under <see cref="ApiBaseUrl"/>.</summary>
    public Uri RevokeEndpoint => new(ApiBaseUrl, XApiRoutes.Revoke);
}
