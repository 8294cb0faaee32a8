namespace AutoDmGuard.XApi;

/// <summary>Body of follow and mute: {"target_user_id": "..."}.</summary>
public sealed record XTargetUserRequest(string TargetUserId);
