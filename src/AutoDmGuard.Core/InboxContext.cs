namespace AutoDmGuard.Core;

/// <summary>
/// What the app knows about the account whose inbox is classified: who "me" is, when the app saw each follow
/// (null when the follow predates the app), the user's allowlist and their automated / not-automated marks.
/// </summary>
public sealed record InboxContext(
    string MeId,
    string MeUsername,
    string? MeName,
    IReadOnlyDictionary<string, DateTime?> FollowedAtByUserId,
    IReadOnlyCollection<string> AllowlistedUserIds,
    FeedbackSet Feedback);
