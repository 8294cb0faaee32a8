using System.Globalization;
using System.Runtime.InteropServices;

namespace AutoDmGuard.Core;

/// <summary>
/// Near-duplicate index of received DMs (Rspamd fuzzy hashes / DCC bulk counts, locally): every DM is normalized,
/// shingled and MinHashed; LSH buckets find candidates, a Jaccard check confirms them, and matching DMs are
/// joined into template clusters (single link) that count their distinct senders and inboxes.
/// One index may be shared by many inboxes (keyed by the account id); it is thread-safe and grows linearly.
/// </summary>
public sealed partial class TemplateIndex
{
    // A template sent to thousands of people would make its buckets long; the first few members are enough to
    // find the cluster, so buckets stop growing there and lookups stay O(bands * cap).
    private const int BucketCap = 8;

    // The 64-bin estimate has a standard deviation of about 0.06 near the threshold; candidates estimated more than
    // 0.2 below it are skipped without the exact check (a false skip needs a 3+ sigma miss).
    private const double EstimateSlack = 0.2;

    // Work per DM is bounded whatever the texts look like: short everyday messages ("ok see you tomorrow") share
    // so many shingles that every band's bucket fills with unrelated DMs. A DM examines at most this many clusters
    // (one entry each: the size and bin checks) and runs the exact check on at most this many of them, highest bin
    // estimate first. Below both limits the result is that of checking every candidate; the dev corpus's output stays
    // the same down to 4 exact checks in that order (docs/classifier.md).
    internal const int MaxCandidatesPerDm = 32;
    internal const int MaxExactChecksPerDm = 8;

    private readonly Lock _gate = new();

    // The index keeps every DM it has seen for as long as the process lives (the worker shares one across all
    // accounts), so each entry is kept lean: its data (MinHash bins + shingles; the band keys are dropped after
    // insertion) in _slabs, interned inbox and sender ids, and cluster statistics only for clusters of two or more.
    private Entry[] _entries = new Entry[16];
    private readonly Slabs _slabs = new();
    private int[] _parent = new int[16];
    private int _count;
    private readonly Dictionary<int, ClusterStats> _clusters = [];
    private readonly List<string> _ids = [];
    private readonly Dictionary<string, int> _idNumbers = new(StringComparer.Ordinal);

    // A band key maps to its only entry (>= 0) or to ~n, the n-th bucket shared by two or more entries:
    // most buckets of a real inbox (personal DMs) never get a second member and cost no shared block.
    private readonly BandBuckets _buckets = new();
    private readonly Dictionary<(int Inbox, string EventId), int> _byEvent = [];
    private int[] _seen = [];
    private int _stamp;
    private readonly List<(int Entry, int EqualBins)> _candidates = [];
    private int _examined;

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
                return _count;
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
            var inbox = Intern(inboxId);
            if (_byEvent.TryGetValue((inbox, eventId), out var existing))
            {
                return existing;
            }

            var id = _count;
            var data = fingerprint.Data;
            var size = data.Length - TemplateFingerprint.Bins;
            GrowEntries(id + 1);
            _entries[id] = new Entry(_slabs.Store(data), size, inbox, Intern(senderId));
            _parent[id] = id;
            _count++;
            _byEvent[(inbox, eventId)] = id;
            _stamp++;
            _seen[id] = _stamp;
            _candidates.Clear();
            _examined = 0;
            foreach (var key in fingerprint.BandKeys)
            {
                var at = _buckets.SlotOf(key);
                if (_buckets.IsEmpty(at))
                {
                    _buckets.Set(at, key, id);
                    continue;
                }

                var slot = _buckets.Value(at);
                if (slot >= 0)
                {
                    Consider(slot, data, size);
                    _buckets.Set(at, key, ~_buckets.NewShared(slot, id));
                    continue;
                }

                var bucket = _buckets.Shared(~slot);
                for (var k = 0; k < bucket.Length && _examined < MaxCandidatesPerDm; k++)
                {
                    Consider(bucket[k], data, size);
                }

                _buckets.AddToShared(~slot, id);
            }

            Confirm(id, data);
            Indexed?.Invoke(new TemplateIndexed(id, new TemplateIndexEntry(inboxId, eventId, senderId, data, fingerprint.BandKeys), _importing));

            // Consider and Confirm read entries' data through pointers into _slabs, which the index frees when it is
            // collected: it stays reachable until they are done.
            GC.KeepAlive(this);
            return id;
        }
    }

    // One comparison per cluster: the first entry of a cluster met in the band buckets stands for it, and later
    // members are skipped. The cheap checks run here: the two shingle counts alone (no need to touch the candidate's
    // data), then the 64-bin estimate; what passes both waits in _candidates for the exact check.
    private void Consider(int other, uint[] data, int size)
    {
        if (_examined >= MaxCandidatesPerDm || _seen[other] == _stamp)
        {
            return;
        }

        var root = Find(other);
        if (_seen[root] == _stamp)
        {
            return;
        }

        _seen[other] = _stamp;
        _seen[root] = _stamp;
        _examined++;
        var entry = _entries[other];

        // Two long texts (MaxShingles each) always pass the size check (the same sizes need at most all shingles in
        // common), so only a shorter one pays for it.
        if ((size < TemplateFingerprint.MaxShingles || entry.Size < TemplateFingerprint.MaxShingles)
            && TemplateFingerprint.MinCommon(size, entry.Size, Similarity) > Math.Min(size, entry.Size))
        {
            return;
        }

        var equal = TemplateFingerprint.EqualBins(data, entry.Data);
        if (equal / (double)TemplateFingerprint.Bins >= Similarity - EstimateSlack)
        {
            _candidates.Add((other, equal));
        }
    }

    // The exact check, most promising candidates first, each cluster that matches is joined (single link). The
    // clusters are distinct and only this DM joins them, so the order changes nothing but which ones the limit cuts.
    private void Confirm(int id, uint[] data)
    {
        var candidates = CollectionsMarshal.AsSpan(_candidates);
        var checks = Math.Min(candidates.Length, MaxExactChecksPerDm);
        for (var i = 0; i < checks; i++)
        {
            // The i-th most promising: most equal bins, then the oldest entry. Picked in place (at most 8 of 32): a sort
            // through a comparison delegate was 2 % of a run of long DMs, on the one thread that indexes.
            var best = i;
            for (var k = i + 1; k < candidates.Length; k++)
            {
                if (candidates[k].EqualBins > candidates[best].EqualBins
                    || (candidates[k].EqualBins == candidates[best].EqualBins && candidates[k].Entry < candidates[best].Entry))
                {
                    best = k;
                }
            }

            (candidates[i], candidates[best]) = (candidates[best], candidates[i]);
            var other = candidates[i].Entry;
            if (TemplateFingerprint.JaccardAtLeast(data, _entries[other].Data, Similarity))
            {
                Union(other, id);
            }
        }
    }

    private int Intern(string value)
    {
        if (!_idNumbers.TryGetValue(value, out var number))
        {
            number = _ids.Count;
            _ids.Add(value);
            _idNumbers[value] = number;
        }

        return number;
    }

    /// <summary>
    /// Makes room for <paramref name="additional"/> more DMs at once (an upper bound: short DMs are not indexed), so a
    /// large run does not grow the per-entry arrays and the event table by doubling, each step a large-object
    /// allocation that counts towards the next full blocking collection. Grows at least twofold, so many small calls
    /// (a worker's polls) still cost amortized constant time per DM.
    /// </summary>
    internal void EnsureCapacity(int additional)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(additional);
        lock (_gate)
        {
            var needed = _count + additional;
            GrowEntries(needed);
            var capacity = _byEvent.EnsureCapacity(0);
            if (needed > capacity)
            {
                _byEvent.EnsureCapacity(Math.Max(needed, 2 * capacity));
            }
        }
    }

    // Room for `needed` entries in the per-entry arrays (under the lock), at least doubling each one that grows: the
    // one growth rule of Add and EnsureCapacity.
    private void GrowEntries(int needed)
    {
        if (needed > _entries.Length)
        {
            var length = Math.Max(needed, 2 * _entries.Length);
            Array.Resize(ref _entries, length);
            Array.Resize(ref _parent, length);
        }

        if (needed > _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(needed, Math.Max(16, 2 * _seen.Length)));
        }
    }

    /// <summary>The entries of already indexed DMs of one inbox (-1 for those not indexed), under one lock.</summary>
    internal int[] FindAll(string inboxId, IReadOnlyList<DmMessage> messages)
    {
        var entries = new int[messages.Count];
        lock (_gate)
        {
            var known = _idNumbers.TryGetValue(inboxId, out var inbox);
            for (var i = 0; i < entries.Length; i++)
            {
                entries[i] = known ? _byEvent.GetValueOrDefault((inbox, messages[i].EventId), -1) : -1;
            }
        }

        return entries;
    }

    /// <summary>The entry of an already indexed DM, or -1.</summary>
    internal int Find(string inboxId, string eventId)
    {
        lock (_gate)
        {
            return _idNumbers.TryGetValue(inboxId, out var inbox) ? _byEvent.GetValueOrDefault((inbox, eventId), -1) : -1;
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
            if (!_clusters.TryGetValue(root, out var stats))
            {
                // A cluster of one: the entry itself, its own sender in its own inbox.
                return new TemplateMatch(ClusterStats.KeyOf(root), 1, 1, 1);
            }

            return new TemplateMatch(stats.Key, stats.SenderCount, stats.InboxCount, stats.SendersIn(_entries[entry].Inbox));
        }
    }

    /// <summary>Native memory the index holds for its entries' data (outside the managed heap), in bytes.</summary>
    internal long NativeBytes
    {
        get
        {
            lock (_gate)
            {
                return _slabs.Bytes;
            }
        }
    }

    /// <summary>Sizes of the index's parts, for the memory probe in the benchmarks.</summary>
    internal string Describe()
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{_buckets.Count:N0} LSH buckets ({_buckets.SharedCount:N0} shared), {_clusters.Count:N0} clusters of two or more, {_entries.Take(_count).Sum(e => e.Size) / (double)Math.Max(1, _count):F0} shingles per entry");
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

        var sa = StatsOf(ra);
        var sb = StatsOf(rb);
        if (sa.SenderCount < sb.SenderCount)
        {
            (ra, rb, sa, sb) = (rb, ra, sb, sa);
        }

        sa.MergeFrom(sb);
        _parent[rb] = ra;
        _clusters.Remove(rb);
        _clusters[ra] = sa;
    }

    // The statistics of a root; a cluster of one gets its object only now, when it is about to be merged.
    private ClusterStats StatsOf(int root) =>
        _clusters.TryGetValue(root, out var stats) ? stats : new ClusterStats(root, _entries[root].Inbox, _entries[root].Sender);

    // Size: the shingle count, so the size check needs no trip to the candidate's data.
    // Address: where _slabs keeps the entry's data; no object reference, so the collector never scans the table.
    private readonly unsafe record struct Entry(nint Address, int Size, int Inbox, int Sender)
    {
        /// <summary>The entry's <see cref="TemplateFingerprint.Data"/>; valid while the index is reachable.</summary>
        public ReadOnlySpan<uint> Data => new((void*)Address, TemplateFingerprint.Bins + Size);
    }

    // Inbox and sender ids are the index's interned numbers. Built when a cluster of one is first merged; a cluster of
    // one keeps its sender in two fields and builds sets only on merge.
    private sealed class ClusterStats(int firstEntry, int inbox, int sender)
    {
        private HashSet<(int Inbox, int Sender)>? _senders;
        private Dictionary<int, int>? _sendersByInbox;
        private string? _key;

        public int FirstEntry { get; private set; } = firstEntry;

        /// <summary>Names the cluster after its oldest entry, so the key survives merges into it.</summary>
        public string Key => _key ??= KeyOf(FirstEntry);

        public int SenderCount => _senders?.Count ?? 1;

        public int InboxCount => _sendersByInbox?.Count ?? 1;

        public static string KeyOf(int entry) => "tpl-" + entry.ToString("x", CultureInfo.InvariantCulture);

        public int SendersIn(int inboxNumber) =>
            _sendersByInbox?.GetValueOrDefault(inboxNumber) ?? (inboxNumber == inbox ? 1 : 0);

        public void MergeFrom(ClusterStats other)
        {
            if (other.FirstEntry < FirstEntry)
            {
                FirstEntry = other.FirstEntry;
                _key = null;
            }

            if (_senders is null)
            {
                _senders = [(inbox, sender)];
                _sendersByInbox = new Dictionary<int, int> { [inbox] = 1 };
            }

            foreach (var s in other.AllSenders())
            {
                if (_senders.Add(s))
                {
                    _sendersByInbox![s.Inbox] = _sendersByInbox.GetValueOrDefault(s.Inbox) + 1;
                }
            }
        }

        private HashSet<(int Inbox, int Sender)> AllSenders() =>
            _senders ?? [(inbox, sender)];
    }
}
