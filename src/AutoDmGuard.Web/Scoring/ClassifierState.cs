using System.Collections.Concurrent;
using AutoDmGuard.Core;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// The process-wide classifier: one template index shared by every account (a template many inboxes receive is
/// stronger evidence), kept in step with the database's <see cref="Data.TemplateSignature"/> rows by
/// <see cref="TemplateIndexSync"/> and held to <see cref="ScoringOptions.TemplateIndexCapacity"/> entries; plus which
/// accounts were checked for DMs scored before their signatures were stored, and what this process read and evicted.
/// </summary>
public sealed class ClassifierState : IDisposable
{
    private readonly ConcurrentDictionary<string, bool> _warm = new(StringComparer.Ordinal);
    private volatile TemplateIndexGeneration _current = new(new TemplateIndex(), ClassifierOptions.Default);
    private long _signaturesRead;
    private long _reclassified;
    private long _evicted;
    private long _evictions;

    public ClassifierState(IOptions<ScoringOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.Value.TemplateIndexCapacity;
    }

    /// <summary>The classifier over the current index (another one after an eviction).</summary>
    public InboxClassifier Classifier => _current.Classifier;

    /// <summary>Most entries the index holds after a read from the database (<see cref="ScoringOptions.TemplateIndexCapacity"/>).</summary>
    public int Capacity { get; }

    /// <summary>Signature rows this process has read from the database (its own rows read back included).</summary>
    public long SignaturesRead => Interlocked.Read(ref _signaturesRead);

    /// <summary>Stored DMs this process classified again to index them (accounts whose DMs were scored before signatures were stored).</summary>
    public long DmsReclassified => Interlocked.Read(ref _reclassified);

    /// <summary>Index entries dropped from memory by evictions, and how many evictions ran.</summary>
    public long EntriesEvicted => Interlocked.Read(ref _evicted);

    public long Evictions => Interlocked.Read(ref _evictions);

    internal TemplateIndexGeneration Current => _current;

    /// <summary>One database read or eviction at a time in this process.</summary>
    internal SemaphoreSlim SyncGate { get; } = new(1, 1);

    internal void Replace(TemplateIndexGeneration next, int evicted)
    {
        _current = next;
        Interlocked.Add(ref _evicted, evicted);
        Interlocked.Increment(ref _evictions);
    }

    internal void CountRead(int rows) => Interlocked.Add(ref _signaturesRead, rows);

    internal void CountReclassified(int dms) => Interlocked.Add(ref _reclassified, dms);

    public bool IsWarm(string accountId) => _warm.ContainsKey(accountId);

    public void MarkWarm(string accountId) => _warm[accountId] = true;

    public void Dispose() => SyncGate.Dispose();
}
