namespace AutoDmGuard.Core;

public sealed partial class TemplateIndex
{
    /// <summary>
    /// The LSH buckets: a band key maps to its only entry (&gt;= 0) or to ~n, the n-th shared bucket of up to
    /// <see cref="BucketCap"/> entries. Open addressing on the key (already a mixed 64-bit hash), and the shared buckets
    /// in fixed blocks: the index looks up 32 keys per DM on the one thread that indexes, and a general dictionary plus
    /// a list per bucket cost it a cache miss more per lookup. Every array is a chunk of at most 64 KB, under the
    /// large-object threshold: grown as flat arrays by doubling, the table and the blocks of a 100,000-DM run were
    /// ~30 MB of large-object allocations, each counting towards the next full blocking collection.
    /// </summary>
    private sealed class BandBuckets
    {
        private const int Empty = int.MinValue;

        // 8,192 slots per chunk: 64 KB of keys, 32 KB of values.
        private const int SlotBits = 13;
        private const int SlotMask = (1 << SlotBits) - 1;

        // 2,048 shared buckets per chunk: 64 KB of members.
        private const int SharedBits = 11;
        private const int SharedMask = (1 << SharedBits) - 1;

        private ulong[][] _keys;
        private int[][] _values;
        private int _length;
        private readonly List<int[]> _members = [];
        private readonly List<int[]> _sizes = [];

        public BandBuckets()
        {
            _length = 1024;
            (_keys, _values) = NewTable(_length);
        }

        public int Count { get; private set; }

        public int SharedCount { get; private set; }

        /// <summary>The slot of <paramref name="key"/>: its value is <see cref="Value"/>; <see cref="Set"/> adds or replaces it.</summary>
        public int SlotOf(ulong key)
        {
            var mask = _length - 1;
            var slot = (int)key & mask;
            while (true)
            {
                var value = At(_values, slot);
                if (value == Empty || At(_keys, slot) == key)
                {
                    return slot;
                }

                slot = (slot + 1) & mask;
            }
        }

        public bool IsEmpty(int slot) => Value(slot) == Empty;

        public int Value(int slot) => At(_values, slot);

        /// <summary>Stores a value in a slot from <see cref="SlotOf"/>; may move the table, so slots found before are void.</summary>
        public void Set(int slot, ulong key, int value)
        {
            ref var stored = ref At(_values, slot);
            if (stored != Empty)
            {
                stored = value;
                return;
            }

            At(_keys, slot) = key;
            stored = value;
            if (2 * ++Count > _length)
            {
                Grow();
            }
        }

        /// <summary>A new shared bucket holding <paramref name="first"/> and <paramref name="second"/>; returns its number.</summary>
        public int NewShared(int first, int second)
        {
            var n = SharedCount++;
            if ((n >> SharedBits) == _members.Count)
            {
                _members.Add(new int[(SharedMask + 1) * BucketCap]);
                _sizes.Add(new int[SharedMask + 1]);
            }

            var members = Members(n);
            members[0] = first;
            members[1] = second;
            SizeOf(n) = 2;
            return n;
        }

        public ReadOnlySpan<int> Shared(int n) => Members(n)[..SizeOf(n)];

        /// <summary>Adds an entry to shared bucket <paramref name="n"/> unless it is full.</summary>
        public void AddToShared(int n, int entry)
        {
            ref var size = ref SizeOf(n);
            if (size < BucketCap)
            {
                Members(n)[size++] = entry;
            }
        }

        // Slot i of a chunked table.
        private static ref T At<T>(T[][] chunks, int i) => ref chunks[i >> SlotBits][i & SlotMask];

        // Shared bucket n: its BucketCap member places and its size.
        private Span<int> Members(int n) => _members[n >> SharedBits].AsSpan((n & SharedMask) * BucketCap, BucketCap);

        private ref int SizeOf(int n) => ref _sizes[n >> SharedBits][n & SharedMask];

        private static (ulong[][] Keys, int[][] Values) NewTable(int length)
        {
            var chunk = Math.Min(length, SlotMask + 1);
            var keys = new ulong[length / chunk][];
            var values = new int[length / chunk][];
            for (var c = 0; c < keys.Length; c++)
            {
                keys[c] = new ulong[chunk];
                values[c] = new int[chunk];
                Array.Fill(values[c], Empty);
            }

            return (keys, values);
        }

        private void Grow()
        {
            var keys = _keys;
            var values = _values;
            var oldLength = _length;
            _length *= 2;
            (_keys, _values) = NewTable(_length);
            var mask = _length - 1;
            for (var i = 0; i < oldLength; i++)
            {
                var value = At(values, i);
                if (value == Empty)
                {
                    continue;
                }

                var key = At(keys, i);
                var slot = (int)key & mask;
                while (At(_values, slot) != Empty)
                {
                    slot = (slot + 1) & mask;
                }

                At(_keys, slot) = key;
                At(_values, slot) = value;
            }
        }
    }
}
