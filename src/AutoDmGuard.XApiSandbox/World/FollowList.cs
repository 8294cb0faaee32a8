namespace AutoDmGuard.XApiSandbox;

/// <summary>One user's follows (or mutes), kept in sequence order; not thread-safe (SandboxWorld locks).</summary>
internal sealed class FollowList
{
    private readonly List<FollowEdge> _edges = [];
    private readonly Dictionary<string, FollowEdge> _byTarget = new(StringComparer.Ordinal);

    public bool Contains(string targetId) => _byTarget.ContainsKey(targetId);

    public bool Add(string targetId, DateTime? at, long sequence)
    {
        var edge = new FollowEdge(targetId, at, sequence);
        if (!_byTarget.TryAdd(targetId, edge))
        {
            return false;
        }

        _edges.Add(edge);
        return true;
    }

    public bool Remove(string targetId)
    {
        if (!_byTarget.Remove(targetId, out var edge))
        {
            return false;
        }

        _edges.RemoveAt(IndexOf(edge.Sequence));
        return true;
    }

    public IReadOnlyList<FollowEdge> NewestFirst() => [.. Enumerable.Reverse(_edges)];

    public Page<FollowEdge, long> Page(int maxResults, PageCursor<long>? cursor)
    {
        var items = new List<FollowEdge>();
        int newestIndex, oldestIndex;
        if (cursor is { Older: false } newer)
        {
            var from = UpperBound(newer.Key);
            var to = Math.Min(_edges.Count, from + maxResults) - 1;
            for (var i = to; i >= from; i--)
            {
                items.Add(_edges[i]);
            }

            (newestIndex, oldestIndex) = (to, from);
        }
        else
        {
            var start = (cursor is { } older ? UpperBound(older.Key - 1) : _edges.Count) - 1;
            var end = Math.Max(0, start - maxResults + 1);
            for (var i = start; i >= end; i--)
            {
                items.Add(_edges[i]);
            }

            (newestIndex, oldestIndex) = (start, end);
        }

        if (items.Count == 0)
        {
            return new Page<FollowEdge, long>(items, null, null);
        }

        long? next = oldestIndex > 0 ? items[^1].Sequence : null;
        long? previous = newestIndex < _edges.Count - 1 ? items[0].Sequence : null;
        return new Page<FollowEdge, long>(items, next, previous);
    }

    private int IndexOf(long sequence) => UpperBound(sequence) - 1;

    /// <summary>First index whose sequence is &gt; <paramref name="sequence"/>.</summary>
    private int UpperBound(long sequence)
    {
        int lo = 0, hi = _edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_edges[mid].Sequence <= sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
