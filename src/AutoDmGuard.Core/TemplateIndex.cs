using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>
/// Near-duplicate index of received DMs (Rspamd fuzzy hashes / DCC bulk counts, locally): every DM is normalized,
/// shingled and MinHashed; LSH buckets find candidates, an exact Jaccard check confirms them, and matching DMs are
/// joined into template clusters (single link) that count their distinct senders and inboxes.
/// One index may be shared by many inboxes (keyed by the account id); it is thread-safe and grows linearly.
/// </summary>
public sealed class TemplateIndex
{
    // A template sent to thousands of people would make its buckets long; the first few members are enough to
    // find the cluster, so buckets stop growing there and lookups stay O(bands * cap).
    private const int BucketCap = 8;

    // The 64-bin estimate has a standard deviation of about 0.06 near the threshold; candidates estimated more than
    // 0.2 below it are skipped without the exact check (a false skip needs a 3+ sigma miss).
    private const double EstimateSlack = 0.2;

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly List<int> _parent = [];
    private readonly Dictionary<int, ClusterStats> _clusters = [];
    private readonly Dictionary<ulong, List<int>> _buckets = [];
    private readonly Dictionary<(string Inbox, string EventId), int> _byEvent = [];
    private int[] _seen = [];
    private int _stamp;

    /// <param name="similarity">Jaccard similarity of character 4-gram shingles at or above which two DMs are the same template.</param>
    /// <param name="minWords">Words a normalized DM needs before it is indexed at all (short replies never form templates).</param>
    public TemplateIndex(double similarity = 0.3, int minWords = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(similarity, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(similarity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minWords, 1);
        Similarity = similarity;
        MinWords = minWords;
    }

    public double Similarity { get; }

    public int MinWords { get; }

    /// <summary>Number of DMs in the index.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Adds one received DM (idempotent per inbox and event id) and returns its entry number, or -1 when the text is
    /// too short to be a template.
    /// </summary>
    internal int Add(string inboxId, string eventId, string senderId, TemplateFingerprint? fingerprint)
    {
        if (fingerprint is null)
        {
            return -1;
        }

        lock (_gate)
        {
            if (_byEvent.TryGetValue((inboxId, eventId), out var existing))
            {
                return existing;
            }

            var id = _entries.Count;
            _entries.Add(new Entry(fingerprint, inboxId, senderId));
            _parent.Add(id);
            _clusters[id] = new ClusterStats(id, inboxId, senderId);
            _byEvent[(inboxId, eventId)] = id;
            if (_seen.Length < _entries.Count)
            {
                Array.Resize(ref _seen, Math.Max(16, _entries.Count * 2));
            }

            _stamp++;
            _seen[id] = _stamp;
            foreach (var key in fingerprint.BandKeys)
            {
                if (!_buckets.TryGetValue(key, out var bucket))
                {
                    _buckets[key] = [id];
                    continue;
                }

                foreach (var other in bucket)
                {
                    // One comparison per cluster and per entry: members of a cluster already compared are skipped.
                    var root = Find(other);
                    if (_seen[other] == _stamp || _seen[root] == _stamp || root == Find(id))
                    {
                        continue;
                    }

                    _seen[other] = _stamp;
                    var candidate = _entries[other].Fingerprint;
                    if (fingerprint.EstimatedJaccard(candidate) >= Similarity - EstimateSlack
                        && fingerprint.Jaccard(candidate) >= Similarity)
                    {
                        Union(other, id);
                    }
                    else
                    {
                        _seen[root] = _stamp;
                    }
                }

                if (bucket.Count < BucketCap)
                {
                    bucket.Add(id);
                }
            }

            return id;
        }
    }

    /// <summary>The entry of an already indexed DM, or -1.</summary>
    internal int Find(string inboxId, string eventId)
    {
        lock (_gate)
        {
            return _byEvent.GetValueOrDefault((inboxId, eventId), -1);
        }
    }

    /// <summary>The template cluster of an entry: a stable-per-cluster key, distinct senders and inboxes.</summary>
    internal TemplateMatch Match(int entry)
    {
        if (entry < 0)
        {
            return TemplateMatch.None;
        }

        lock (_gate)
        {
            var root = Find(entry);
            var stats = _clusters[root];
            return new TemplateMatch(
                stats.Key,
                stats.SenderCount,
                stats.InboxCount,
                stats.SendersIn(_entries[entry].InboxId));
        }
    }

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            _parent[x] = _parent[_parent[x]];
            x = _parent[x];
        }

        return x;
    }

    private void Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb)
        {
            return;
        }

        var sa = _clusters[ra];
        var sb = _clusters[rb];
        if (sa.SenderCount < sb.SenderCount)
        {
            (ra, rb, sa, sb) = (rb, ra, sb, sa);
        }

        sa.MergeFrom(sb);
        _parent[rb] = ra;
        _clusters.Remove(rb);
    }

    private sealed record Entry(TemplateFingerprint Fingerprint, string InboxId, string SenderId);

    // Most DMs never match anything: a cluster of one keeps its sender in two fields and builds sets only on merge.
    private sealed class ClusterStats(int firstEntry, string inboxId, string senderId)
    {
        private HashSet<(string Inbox, string Sender)>? _senders;
        private Dictionary<string, int>? _sendersByInbox;
        private string? _key;

        public int FirstEntry { get; private set; } = firstEntry;

        /// <summary>Names the cluster after its oldest entry, so the key survives merges into it.</summary>
        public string Key => _key ??= "tpl-" + FirstEntry.ToString("x", CultureInfo.InvariantCulture);

        public int SenderCount => _senders?.Count ?? 1;

        public int InboxCount => _sendersByInbox?.Count ?? 1;

        public int SendersIn(string inbox) =>
            _sendersByInbox?.GetValueOrDefault(inbox) ?? (inbox == inboxId ? 1 : 0);

        public void MergeFrom(ClusterStats other)
        {
            if (other.FirstEntry < FirstEntry)
            {
                FirstEntry = other.FirstEntry;
                _key = null;
            }

            if (_senders is null)
            {
                _senders = [(inboxId, senderId)];
                _sendersByInbox = new Dictionary<string, int>(StringComparer.Ordinal) { [inboxId] = 1 };
            }

            foreach (var sender in other.AllSenders())
            {
                if (_senders.Add(sender))
                {
                    _sendersByInbox![sender.Inbox] = _sendersByInbox.GetValueOrDefault(sender.Inbox) + 1;
                }
            }
        }

        private HashSet<(string Inbox, string Sender)> AllSenders() =>
            _senders ?? [(inboxId, senderId)];
    }
}
