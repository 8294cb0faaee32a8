namespace AutoDmGuard.XApiSandbox;

/// <summary>One per-user bucket: <see cref="Limit"/> requests per <see cref="Window"/>.</summary>
public sealed class SandboxRateLimit
{
    public int Limit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public static SandboxRateLimit Per15Minutes(int limit) => new() { Limit = limit, Window = TimeSpan.FromMinutes(15) };

    /// <summary>X's pay-per-use limits (docs/sandbox.md, Rate limits, marks the figures X does not list).</summary>
    public static Dictionary<string, SandboxRateLimit> PayPerUseProfile() => new(StringComparer.Ordinal)
    {
        [RouteKeys.UsersMe] = Per15Minutes(75),
        [RouteKeys.UsersLookup] = Per15Minutes(900),
        [RouteKeys.DmEvents] = Per15Minutes(15),
        [RouteKeys.DmWithParticipant] = Per15Minutes(15),
        [RouteKeys.DmByConversation] = Per15Minutes(15),
        [RouteKeys.FollowingList] = Per15Minutes(300),
        [RouteKeys.Follow] = Per15Minutes(50),
        [RouteKeys.Unfollow] = Per15Minutes(50),
        [RouteKeys.MutingList] = Per15Minutes(15),
        [RouteKeys.Mute] = Per15Minutes(50),
        [RouteKeys.Unmute] = Per15Minutes(50),
    };
}
