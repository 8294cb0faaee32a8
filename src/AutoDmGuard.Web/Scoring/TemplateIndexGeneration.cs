using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AutoDmGuard.Core;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// One in-memory template index of this process and what the app keeps beside it, per entry number: the DM's stored
/// <see cref="Data.TemplateSignature.Sequence"/> (0 until this process has read it back), when its cluster was last
/// matched, and the hash its cluster's key is made of. <see cref="ClassifierState"/> replaces a generation by a smaller
/// one when the index outgrows its capacity (<see cref="TemplateIndexSync"/>).
/// </summary>
internal sealed class TemplateIndexGeneration
{
    private readonly Lock _gate = new();
    private readonly List<ulong> _names = [];
    private readonly List<long> _sequences = [];
    private readonly List<long> _matched = [];
    private readonly List<(int Entry, TemplateIndexEntry Dm)> _unstored = [];
    private long _clock;

    public TemplateIndexGeneration(TemplateIndex index, ClassifierOptions options, long clock = 0)
    {
        _clock = clock;
        index.Indexed = OnIndexed;
        Classifier = new InboxClassifier(index, options);
    }

    public InboxClassifier Classifier { get; }

    public TemplateIndex Index => Classifier.Index;

    /// <summary>The highest stored sequence this index has read (every row up to it is in the index, or was evicted).</summary>
    public long ReadUpTo { get; set; }

    /// <summary>The recency clock (matches counted), carried over to the next generation.</summary>
    public long Clock
    {
        get
        {
            lock (_gate)
            {
                return _clock;
            }
        }
    }

    // Under the index's lock: only this object's own lock is taken here, and nothing holding it calls the index.
    private void OnIndexed(TemplateIndexed indexed)
    {
        lock (_gate)
        {
            if (indexed.Entry != _names.Count)
            {
                throw new InvalidOperationException("Template index entries must be numbered densely in the order they are added.");
            }

            _names.Add(NameOf(indexed.Dm.InboxId, indexed.Dm.EventId));
            _sequences.Add(0);
            _matched.Add(++_clock);
            if (!indexed.Imported)
            {
                _unstored.Add((indexed.Entry, indexed.Dm));
            }
        }
    }

    /// <summary>
    /// A cluster's key in the database: named after the DM its cluster is named after in this index (the first one indexed),
    /// by that DM's account and event id, so every index that holds the DMs in the same order gives the same name, and the
    /// name survives a restart and an eviction of other clusters. Marks the cluster as just matched.
    /// </summary>
    public string? StoredKey(string? indexKey)
    {
        var entry = TemplateIndex.FirstEntryOf(indexKey);
        if (entry < 0)
        {
            return indexKey;
        }

        lock (_gate)
        {
            _matched[entry] = ++_clock;
            return KeyOf(entry);
        }
    }

    /// <summary>The stored key of the cluster named after <paramref name="entry"/>, without marking it matched.</summary>
    public string StoredKeyOfEntry(int entry)
    {
        lock (_gate)
        {
            return KeyOf(entry);
        }
    }

    private string KeyOf(int entry) => "tpl-" + _names[entry].ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The verdicts with their clusters' stored keys (<see cref="StoredKey"/>).</summary>
    public List<DmVerdict> WithStoredKeys(IEnumerable<DmVerdict> verdicts) =>
        [.. verdicts.Select(v => v.TemplateKey is null ? v : v with { TemplateKey = StoredKey(v.TemplateKey) })];

    /// <summary>Takes the DMs of one account this index added and that are not stored yet (to store them now).</summary>
    public List<(int Entry, TemplateIndexEntry Dm)> TakeUnstored(string accountId)
    {
        lock (_gate)
        {
            var taken = _unstored.Where(u => string.Equals(u.Dm.InboxId, accountId, StringComparison.Ordinal)).ToList();
            _unstored.RemoveAll(u => string.Equals(u.Dm.InboxId, accountId, StringComparison.Ordinal));
            return taken;
        }
    }

    /// <summary>Puts DMs back whose storing transaction did not commit, so the next batch of the account stores them.</summary>
    public void ReturnUnstored(IEnumerable<(int Entry, TemplateIndexEntry Dm)> dms)
    {
        lock (_gate)
        {
            _unstored.AddRange(dms);
        }
    }

    public void SetSequence(int entry, long sequence)
    {
        lock (_gate)
        {
            _sequences[entry] = sequence;
        }
    }

    public void SetMatched(int entry, long matched)
    {
        lock (_gate)
        {
            _matched[entry] = matched;
        }
    }

    /// <summary>
    /// Whole clusters, most recently matched first: the entry each is named after, its last match, and each member's stored sequence.
    /// Members not read back from the database yet (no sequence) are left out: they come back with the next read.
    /// </summary>
    public List<(int NamedAfter, long Matched, List<long> Sequences)> ClustersByRecency()
    {
        var clusterOf = Index.ClusterOfEachEntry();
        var clusters = new Dictionary<int, (long Matched, List<long> Sequences)>();
        lock (_gate)
        {
            for (var i = 0; i < clusterOf.Length; i++)
            {
                if (!clusters.TryGetValue(clusterOf[i], out var cluster))
                {
                    cluster = (0, []);
                }

                if (_sequences[i] > 0)
                {
                    cluster.Sequences.Add(_sequences[i]);
                }

                clusters[clusterOf[i]] = (Math.Max(cluster.Matched, _matched[i]), cluster.Sequences);
            }
        }

        return [.. clusters.Where(c => c.Value.Sequences.Count > 0).OrderByDescending(c => c.Value.Matched).Select(c => (c.Key, c.Value.Matched, c.Value.Sequences))];
    }

    private static ulong NameOf(string accountId, string eventId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(accountId + "/" + eventId), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
