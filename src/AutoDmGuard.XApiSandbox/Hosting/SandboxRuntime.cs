namespace AutoDmGuard.XApiSandbox;

/// <summary>Everything one sandbox instance holds; endpoints close over it instead of resolving services.</summary>
internal sealed class SandboxRuntime : IDisposable
{
    private readonly IDisposable? _journal;

    public SandboxRuntime(SandboxOptions options, WorldData data)
        : this(options, new SandboxWorld(data, options.TimeProvider), worldId: null, journal: null)
    {
    }

    public SandboxRuntime(SandboxOptions options, SandboxWorld world, string? worldId, IDisposable? journal)
    {
        Options = options;
        Clock = options.TimeProvider;
        World = world;
        WorldId = worldId;
        _journal = journal;
        OAuth = new OAuthStore(Clock, options.AuthorizationCodeLifetime, options.AccessTokenLifetime);
        foreach (var client in options.Clients)
        {
            OAuth.RegisterClient(client);
        }

        for (var i = 1; i <= options.ExtraAccounts; i++)
        {
            World.AddSignable(new SandboxAccount((9_000_000_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), $"fleet{i:D4}", $"Fleet {i}"), Now);
        }

        Requests = new RequestLog(Math.Max(1, options.RequestLogCapacity));
        Limiter = new RateLimiter(Clock, new Dictionary<string, SandboxRateLimit>(options.RateLimits, StringComparer.Ordinal), options.RateLimitsEnabled);
        Problems = new Problems(options.ProblemTypeBase);
        Simulator = new WorldSimulator(World, Clock, options.Seed);
    }

    public SandboxOptions Options { get; }

    public TimeProvider Clock { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public SandboxWorld World { get; }

    /// <summary>The persisted world's id (<see cref="SandboxOptions.WorldPath"/>); null for a world kept in memory only.</summary>
    public string? WorldId { get; }

    public OAuthStore OAuth { get; }

    public RateLimiter Limiter { get; }

    public FaultInjector Faults { get; } = new();

    public RequestLog Requests { get; }

    public BillingMeter Billing { get; } = new();

    public Problems Problems { get; }

    public WorldSimulator Simulator { get; }

    public void Dispose() => _journal?.Dispose();
}
