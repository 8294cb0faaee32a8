namespace AutoDmGuard.Core;

public sealed partial class TemplateIndex
{
    /// <summary>
    /// The LSH buckets: a band key maps to its only entry (&gt;= 0) or to ~n, the n-th shared bucket of up to
    /// <see cref="BucketCap"/> entries. Open addressing on the key (already a mixed 64-bit hash) in two flat arrays,
    /// and the shared buckets in one flat array of fixed blocks: the index looks up 32 keys per DM on the one thread
    /// that indexes, and a general dictionary plus a list per bucket cost it a cache miss more per lookup.
    /// </summary>
    private sealed class BandBuckets
    {
        private const int Empty = int.MinValue;

        private ulong[] _keys = new ulong[1024];
        private int[] _values = NewValues(1024);
        private int[] _members = new int[16 * BucketCap];
        private int[] _sizes = new int[16];

        public int Count { get; private set; }

        public int SharedCount { get; private set; }

        /// <summary>The slot of <paramref name="key"/>: its value is <see cref="Value"/>; <see cref="Set"/> adds or replaces it.</summary>
        public int SlotOf(ulong key)
        {
            var mask = _keys.Length - 1;
            var slot = (int)key & mask;
            while (_values[slot] != Empty && _keys[slot] != key)
            {
                slot = (slot + 1) & mask;
            }

            return slot;
        }

        public bool IsEmpty(int slot) => _values[slot] == Empty;

        public int Value(int slot) => _values[slot];

        /// <summary>Stores a value in a slot from <see cref="SlotOf"/>; may move the table, so slots found before are void.</summary>
        public void Set(int slot, ulong key, int value)
        {
            if (_values[slot] != Empty)
            {
                _values[slot] = value;
                return;
            }

            _keys[slot] = key;
            _values[slot] = value;
            if (2 * ++Count > _keys.Length)
            {
                Grow();
            }
        }

        /// <summary>A new shared bucket holding <paramref name="first"/> and <paramref name="second"/>; returns its number.</summary>
        public int NewShared(int first, int second)
        {
            var n = SharedCount++;
            if (n == _sizes.Length)
            {
                Array.Resize(ref _sizes, n * 2);
                Array.Resize(ref _members, n * 2 * BucketCap);
            }

            _members[n * BucketCap] = first;
            _members[(n * BucketCap) + 1] = second;
            _sizes[n] = 2;
            return n;
        }

        public ReadOnlySpan<int> Shared(int n) => _members.AsSpan(n * BucketCap, _sizes[n]);

        /// <summary>Adds an entry to shared bucket <paramref name="n"/> unless it is full.</summary>
        public void AddToShared(int n, int entry)
        {
            if (_sizes[n] < BucketCap)
            {
                _members[(n * BucketCap) + _sizes[n]++] = entry;
            }
        }

        private static int[] NewValues(int length)
        {
            var values = new int[length];
            Array.Fill(values, Empty);
            return values;
        }

        private void Grow()
        {
            var keys = _keys;
            var values = _values;
            _keys = new ulong[keys.Length * 2];
            _values = NewValues(keys.Length * 2);
            var mask = _keys.Length - 1;
            for (var i = 0; i < keys.Length; i++)
            {
                if (values[i] == Empty)
                {
                    continue;
                }

                var slot = (int)keys[i] & mask;
                while (_values[slot] != Empty)
                {
                    slot = (slot + 1) & mask;
                }

                _keys[slot] = keys[i];
                _values[slot] = values[i];
            }
        }
    }
}
