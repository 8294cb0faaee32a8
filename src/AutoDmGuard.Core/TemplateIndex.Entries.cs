using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>
/// What a caller needs to keep an index outside the process (a database shared by several app instances) and to rebuild
/// a smaller one from it: each indexed DM as it was indexed, re-indexing such a DM without its text, and which cluster
/// every entry is in.
/// </summary>
public sealed partial class TemplateIndex
{
    private const string KeyPrefix = "tpl-";

    // Set while Import runs (under the index's lock), so the Indexed callback can tell imported DMs from the ones a
    // classification added.
    private bool _importing;

    /// <summary>
    /// Called for every DM the index adds, under the index's lock (keep it short, and do not call back into the index):
    /// what a caller stores to give another index the same DM with <see cref="Import"/>.
    /// </summary>
    public Action<TemplateIndexed>? Indexed { get; set; }

    /// <summary>
    /// Indexes a DM another index added (its <see cref="TemplateIndexEntry"/> as <see cref="Indexed"/> handed it out),
    /// exactly as if this index had fingerprinted its text itself; idempotent per inbox and event id like every add.
    /// Returns the entry number.
    /// </summary>
    public int Import(TemplateIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Data.Length < TemplateFingerprint.Bins || entry.BandKeys.Length != TemplateFingerprint.Bands)
        {
            throw new ArgumentException("Not a template fingerprint: 64 MinHash bins and 32 band keys expected.", nameof(entry));
        }

        lock (_gate)
        {
            _importing = true;
            try
            {
                return Add(entry.InboxId, entry.EventId, entry.SenderId, TemplateFingerprint.Restore(entry.Data, entry.BandKeys));
            }
            finally
            {
                _importing = false;
            }
        }
    }

    /// <summary>
    /// For every entry (by entry number) the entry its cluster is named after (<see cref="FirstEntryOf"/> of the cluster's
    /// template key): entries with the same value are one cluster.
    /// </summary>
    public int[] ClusterOfEachEntry()
    {
        lock (_gate)
        {
            var result = new int[_count];
            for (var i = 0; i < result.Length; i++)
            {
                var root = Find(i);
                result[i] = _clusters.TryGetValue(root, out var stats) ? stats.FirstEntry : root;
            }

            return result;
        }
    }

    /// <summary>The entry a template key (<see cref="DmVerdict.TemplateKey"/>) names its cluster after, or -1 for another string.</summary>
    public static int FirstEntryOf(string? templateKey) =>
        templateKey is not null && templateKey.StartsWith(KeyPrefix, StringComparison.Ordinal)
            && int.TryParse(templateKey.AsSpan(KeyPrefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var entry)
            ? entry
            : -1;
}

/// <summary>One indexed DM as the index keeps it: its inbox, event and sender ids and its fingerprint (data and band keys).</summary>
public sealed record TemplateIndexEntry(string InboxId, string EventId, string SenderId, uint[] Data, ulong[] BandKeys);

/// <summary>A DM the index just added: its entry number, the DM, and whether <see cref="TemplateIndex.Import"/> added it.</summary>
public readonly record struct TemplateIndexed(int Entry, TemplateIndexEntry Dm, bool Imported);
