using System.Collections;

namespace AutoDmGuard.MailboxDump;

/// <summary>
/// An append-only list of references in fixed chunks of 8,192 (64 KB each, under the 85,000-byte large-object
/// threshold). A dump's event list of 100,000 items grown as one array would be reallocated by doubling into the
/// large-object heap (about 2 MB in all), and every such allocation counts towards the next full blocking collection;
/// chunks live in the small-object heap, and adding never copies.
/// </summary>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
    where T : class?
{
    internal const int ChunkSize = 1 << ChunkBits;
    private const int ChunkBits = 13;
    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _chunks[index >> ChunkBits][index & (ChunkSize - 1)];
        }
    }

    public void Add(T item)
    {
        var chunk = Count >> ChunkBits;
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[chunk][Count & (ChunkSize - 1)] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _chunks[i >> ChunkBits][i & (ChunkSize - 1)];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
