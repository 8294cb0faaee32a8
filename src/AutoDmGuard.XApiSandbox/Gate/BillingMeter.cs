namespace AutoDmGuard.XApiSandbox;

/// <summary>"DM Event: Read" is billed once per event per user per UTC day (docs/sandbox.md, Billing).</summary>
internal sealed class BillingMeter
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string User, DateOnly Day, ulong EventId)> _seen = [];
    private readonly SortedDictionary<(DateOnly Day, string User), int> _billable = [];
    private long _returned;

    public void Record(string userId, DateTime nowUtc, IEnumerable<DmEvent> events)
    {
        var day = DateOnly.FromDateTime(nowUtc);
        lock (_gate)
        {
            foreach (var evt in events)
            {
                _returned++;
                if (_seen.Add((userId, day, evt.Key.Id)))
                {
                    _billable[(day, userId)] = _billable.GetValueOrDefault((day, userId)) + 1;
                }
            }
        }
    }

    public BillingSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new BillingSnapshot(_returned, [.. _billable.Select(p => (p.Key.Day, p.Key.User, p.Value))]);
        }
    }
}
