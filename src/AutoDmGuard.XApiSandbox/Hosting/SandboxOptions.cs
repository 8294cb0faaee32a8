namespace AutoDmGuard.XApiSandbox;

/// <summary>How a sandbox instance is started: address, clock, data and OAuth clients.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Kestrel address; port 0 picks a free loopback port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>A FORMAT.md mailbox dump to load; null = the synthetic demo world.</summary>
    public string? DumpPath { get; set; }

    /// <summary>Shift a loaded dump's times so its newest event sits at the sandbox clock (ids are kept).</summary>
    public bool RebaseDumpToClock { get; set; }

    /// <summary>
    /// Keep the demo world in this file (created on first start, continued after): every follow, unfollow, mute and
    /// simulated DM survives a restart. Null = in memory only. Ignored with <see cref="DumpPath"/>.
    /// </summary>
    public string? WorldPath { get; set; }

    public int Seed { get; set; } = 20261126;

    /// <summary>Received DMs in the first demo account's inbox (null = a realistic ~150).</summary>
    public int? DemoDmCount { get; set; }

    /// <summary>Distinct senders in the first demo account's inbox (null = derived from the DM count).</summary>
    public int? DemoSenderCount { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(30);

    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>
    /// Signable accounts added to the world beyond its own (<c>fleet0001</c>…, ids from 9000000000000001, empty inboxes):
    /// for load tests of many accounts (the polling bench's fleet mode).
    /// </summary>
    public int ExtraAccounts { get; set; }

    /// <summary>How many X API requests GET /_sandbox/requests keeps (the oldest are dropped past it).</summary>
    public int RequestLogCapacity { get; set; } = 200_000;

    /// <summary>Per-user limits keyed by route ("GET /2/dm_events"); starts with X's pay-per-use profile (docs/sandbox.md, Rate limits).</summary>
    public IDictionary<string, SandboxRateLimit> RateLimits { get; } = SandboxRateLimit.PayPerUseProfile();

    /// <summary>How far back the DM lookups reach (X: 30 days; docs/sandbox.md, DM lookups).</summary>
    public TimeSpan DmHistoryWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Problem "type" URI prefix: X has used api.twitter.com and api.x.com (docs/sandbox.md, Errors).</summary>
    public string ProblemTypeBase { get; set; } = "https://api.twitter.com/2/problems/";

    public IList<SandboxClient> Clients { get; } = [];
}
