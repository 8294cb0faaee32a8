namespace AutoDmGuard.XApiSandbox;

internal sealed record AutoFamily(string Key, string Language, string First, string? FollowUp, string Bio);
