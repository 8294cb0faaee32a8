using System.Text.Json.Serialization;

namespace AutoDmGuard.XApi;

/// <summary>An X user with the fields this app requests (user.fields); unknown fields are ignored.</summary>
public sealed record XUser
{
    /// <summary>Numeric id, kept as a string.</summary>
    [JsonRequired]
    public required string Id { get; init; }

    /// <summary>@handle without the @.</summary>
    public string Username { get; init; } = string.Empty;

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Account creation time (UTC).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Bio.</summary>
    public string? Description { get; init; }

    /// <summary>Follower/following/post counts.</summary>
    public XPublicMetrics? PublicMetrics { get; init; }

    /// <summary>Blue check (any kind).</summary>
    public bool? Verified { get; init; }

    /// <summary>blue, government, business or none.</summary>
    public string? VerifiedType { get; init; }

    /// <summary>Protected (private) account.</summary>
    public bool? Protected { get; init; }

    /// <summary>Avatar URL.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Kept as sent by X; it is displayed, not fetched.")]
    public string? ProfileImageUrl { get; init; }

    /// <summary>The profile's link (usually a t.co URL).</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Kept as sent by X; it may be empty or not absolute.")]
    public string? Url { get; init; }
}
