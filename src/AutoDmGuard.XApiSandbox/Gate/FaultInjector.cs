namespace AutoDmGuard.XApiSandbox;

/// <summary>Queued faults per route: each request of the route takes one until the count runs out.</summary>
internal sealed class FaultInjector
{
    public static IReadOnlyList<string> Kinds { get; } = ["401", "429", "500", "503", "hang", "malformed", "truncated"];

    private readonly Lock _gate = new();
    private readonly List<PendingFault> _pending = [];

    public void Add(string route, string kind, int count)
    {
        lock (_gate)
        {
            _pending.Add(new PendingFault(route, kind, count));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    public string? TryTake(string route)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(f => string.Equals(f.Route, route, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var fault = _pending[index];
            if (fault.Remaining <= 1)
            {
                _pending.RemoveAt(index);
            }
            else
            {
                _pending[index] = fault with { Remaining = fault.Remaining - 1 };
            }

            return fault.Kind;
        }
    }

    public IReadOnlyList<PendingFault> Snapshot()
    {
        lock (_gate)
        {
            return [.. _pending];
        }
    }
}
