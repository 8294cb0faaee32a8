using System.Runtime.InteropServices;

namespace AutoDmGuard.Core;

public sealed partial class TemplateIndex
{
    /// <summary>
    /// Every entry's data (MinHash bins + shingles) copied into blocks of native memory, kept for as long as the index
    /// lives and freed when it is collected. In managed arrays the data of a 100,000-DM run of long texts is ~128 MB: as
    /// one array per DM it would be copied twice on its way to the oldest generation, and as large arrays each block
    /// counted towards the large-object budget, which started a full blocking collection every few megabytes (ten of
    /// the run's fifteen, docs/classifier.md). Appended and read under the index's lock only.
    /// </summary>
    private sealed unsafe class Slabs
    {
        // Blocks grow from 64 KB to 1 MB, so a small index (a test, one poll) holds little and a large one few blocks.
        private const int MinBlock = 1 << 14;
        private const int MaxBlock = 1 << 18;

        private readonly List<nint> _blocks = [];
        private uint* _block;
        private int _length;
        private int _used;

        /// <summary>Native memory held, in bytes.</summary>
        public long Bytes { get; private set; }

        /// <summary>Copies <paramref name="data"/> in and returns where it now lives, until the index is collected.</summary>
        public nint Store(ReadOnlySpan<uint> data)
        {
            if (_length - _used < data.Length)
            {
                var length = Math.Max(data.Length, Math.Clamp(2 * _length, MinBlock, MaxBlock));
                _block = (uint*)NativeMemory.Alloc((nuint)length, sizeof(uint));
                _blocks.Add((nint)_block);
                Bytes += (long)length * sizeof(uint);
                _length = length;
                _used = 0;
            }

            var at = _block + _used;
            data.CopyTo(new Span<uint>(at, data.Length));
            _used += data.Length;
            return (nint)at;
        }

        ~Slabs()
        {
            foreach (var block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }
}
