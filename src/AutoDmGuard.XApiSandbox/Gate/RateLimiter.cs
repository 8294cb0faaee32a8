namespace AutoDmGuard.XApiSandbox;

/// <summary>Fixed windows per user and route, starting at the first request (whole seconds, so the reset header is exact).</summary>
internal sealed class RateLimiter(TimeProvider clock, IReadOnlyDictionary<string, SandboxRateLimit> profile, bool enabled)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string User, string Route), (DateTime Start, int Used)> _windows = [];

    public bool Enabled => enabled;

    /// <summary>Counts one request; null when the route has no limit or limits are off.</summary>
    public RateDecision? Consume(string userId, string route) => Evaluate(userId, route, consume: true);

    /// <summary>The bucket's state without counting (for injected 429s).</summary>
    public RateDecision? Peek(string userId, string route) => Evaluate(userId, route, consume: false);

    private RateDecision? Evaluate(string userId, string route, bool consume)
    {
        if (!enabled || !profile.TryGetValue(route, out var rule))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            if (!_windows.TryGetValue((userId, route), out var window) || now >= window.Start + rule.Window)
            {
                window = (new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc), 0);
            }

            var allowed = window.Used < rule.Limit;
            if (consume && allowed)
            {
                window.Used++;
            }

            if (consume)
            {
                _windows[(userId, route)] = window;
            }

            return new RateDecision(rule.Limit, Math.Max(0, rule.Limit - window.Used), window.Start + rule.Window, allowed);
        }
    }
}

internal sealed record RateDecision(int Limit, int Remaining, DateTime ResetAt, bool Allowed)
{
    public void Apply(HttpResponse response)
    {
        response.Headers["x-rate-limit-limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["x-rate-limit-remaining"] = Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["x-rate-limit-reset"] = new DateTimeOffset(ResetAt).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
