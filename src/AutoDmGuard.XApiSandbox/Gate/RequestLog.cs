namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Every X API request the sandbox answered (GET /_sandbox/requests), newest last: method, path, route, the user its
/// bearer token belongs to, when it came and when it was answered with what status. Tests count calls per target and
/// see whether two calls for one account overlapped (two app instances polling it at once). Bounded: past
/// <see cref="SandboxOptions.RequestLogCapacity"/> the oldest entries are dropped and counted.
/// </summary>
internal sealed class RequestLog(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<Entry> _entries = new();
    private long _sequence;
    private long _dropped;

    public Entry Start(string method, string path, string route, string? userId, DateTime startedAt)
    {
        lock (_gate)
        {
            var entry = new Entry(++_sequence, method, path, route, userId, startedAt);
            _entries.Enqueue(entry);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
                _dropped++;
            }

            return entry;
        }
    }

    public void End(Entry entry, int status, DateTime endedAt)
    {
        lock (_gate)
        {
            entry.Status = status;
            entry.EndedAt = endedAt;
        }
    }

    /// <summary>Entries after <paramref name="since"/> (a sequence number), optionally of one route or user; and how many were dropped so far.</summary>
    public (IReadOnlyList<EntrySnapshot> Entries, long Dropped, long Last) Read(long since, string? route, string? userId)
    {
        lock (_gate)
        {
            return ([.. _entries
                .Where(e => e.Sequence > since
                    && (route is null || string.Equals(e.Route, route, StringComparison.Ordinal))
                    && (userId is null || string.Equals(e.UserId, userId, StringComparison.Ordinal)))
                .Select(e => new EntrySnapshot(e.Sequence, e.Method, e.Path, e.Route, e.UserId, e.StartedAt, e.EndedAt, e.Status))],
                _dropped, _sequence);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal sealed class Entry(long sequence, string method, string path, string route, string? userId, DateTime startedAt)
    {
        public long Sequence { get; } = sequence;
        public string Method { get; } = method;
        public string Path { get; } = path;
        public string Route { get; } = route;
        public string? UserId { get; } = userId;
        public DateTime StartedAt { get; } = startedAt;
        public DateTime? EndedAt { get; set; }
        public int? Status { get; set; }
    }

    internal sealed record EntrySnapshot(long Sequence, string Method, string Path, string Route, string? UserId, DateTime StartedAt, DateTime? EndedAt, int? Status);
}
