using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AutoDmGuard.MailboxDump;

/// <summary>
/// DM texts kept as UTF-8 in native memory, each read (or released) exactly once: what a one-pass reader of a large dump
/// holds instead of a string per text. On a dump of long DMs the strings are most of the managed heap (2 bytes a
/// character), and because they live through the whole parse they reach the oldest generation, where they stay after
/// they are read until the next full collection, at the run's peak. Here a text costs about a byte a character and its
/// memory goes back to the system as soon as every text stored next to it has been read.
/// </summary>
/// <remarks>
/// Texts are appended by one thread (the parser); <see cref="Take"/> and <see cref="Release"/> may then run on any
/// threads at once, each handle once. Not <see cref="Dispose"/> while they run.
/// </remarks>
public sealed unsafe class Utf8TextStore : IDisposable
{
    // Large enough that the allocator maps each block on its own (and unmaps it when freed), small enough that a block
    // is freed soon after the texts around it are read, when they are read in about the order they were stored.
    internal const int BlockSize = 1 << 20;

    // Slots in fixed arrays of structs (64 KB each, under the large-object threshold): no object per text, no copying
    // as they grow.
    private const int SlotBits = 12;

    private readonly List<nint> _blocks = [];
    // Per block: texts neither taken nor released. Grown while texts are added; counted down in place once sealed.
    private int[] _pending = new int[16];
    private readonly Lock _sealGate = new();
    private readonly List<Slot[]> _slots = [];
    private int _count;
    private int _used = BlockSize;
    private bool _sealed;
    private bool _disposed;

    /// <summary>Number of texts stored.</summary>
    public int Count => _count;

    /// <summary>Blocks of native memory still held: those with a text neither taken nor released.</summary>
    public int BlocksHeld
    {
        get
        {
            var held = 0;
            foreach (var block in _blocks)
            {
                held += block != 0 ? 1 : 0;
            }

            return held;
        }
    }

    /// <summary>
    /// Stores the current string token of <paramref name="reader"/>, unescaped, and returns its handle. Throws
    /// <see cref="InvalidOperationException"/> for a token that is not a string or holds invalid UTF-8 (as
    /// <see cref="Utf8JsonReader.GetString"/> does).
    /// </summary>
    internal int Add(ref Utf8JsonReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sealed)
        {
            throw new InvalidOperationException("Texts are added before the first one is taken or released.");
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InvalidOperationException($"Expected a string token, found {reader.TokenType}.");
        }

        // Unescaping never lengthens a string: reserve the escaped length, keep what the unescaped text takes.
        var room = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var (block, offset) = Reserve(room);
        var destination = new Span<byte>((byte*)_blocks[block] + offset, room);
        var length = reader.CopyString(destination);
        if (!Utf8.IsValid(destination[..length]))
        {
            throw new InvalidOperationException("The string holds invalid UTF-8.");
        }

        if (room <= BlockSize)
        {
            _used = offset + length; // what unescaping saved stays free
        }

        if ((_count >> SlotBits) == _slots.Count)
        {
            _slots.Add(new Slot[1 << SlotBits]);
        }

        _slots[_count >> SlotBits][_count & ((1 << SlotBits) - 1)] = new Slot { Block = block, Offset = offset, Length = length };
        _count++;
        _pending[block]++;
        return _count - 1;
    }

    // Room for `length` bytes at the end of the block being filled, or in a new one (a block of its own when larger).
    private (int Block, int Offset) Reserve(int length)
    {
        if (_used + length > BlockSize || _blocks.Count == 0)
        {
            _blocks.Add((nint)NativeMemory.Alloc((nuint)Math.Max(BlockSize, Math.Max(length, 1))));
            if (_blocks.Count > _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }

            _used = 0;
        }

        var offset = _used;
        _used = length > BlockSize ? BlockSize : _used + length;
        return (_blocks.Count - 1, offset);
    }

    /// <summary>
    /// Lays the texts out again with <paramref name="order"/>'s texts first, in that order (the rest after them): for a
    /// reader that will read them in an order other than the file's, so that blocks still go back as it proceeds. Before
    /// the first text is taken or released. Holds the old and the new blocks at once while it copies.
    /// </summary>
    public void Repack(ReadOnlySpan<int> order)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sealed)
        {
            throw new InvalidOperationException("Texts are repacked before the first one is taken or released.");
        }

        // Checked before anything moves: the slots must never point at blocks that are gone.
        var listed = new bool[_count];
        foreach (var handle in order)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(handle, nameof(order));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(handle, _count, nameof(order));
            if (listed[handle])
            {
                throw new ArgumentException($"Text {handle} is listed twice.", nameof(order));
            }

            listed[handle] = true;
        }

        var oldBlocks = _blocks.ToArray();
        _blocks.Clear();
        Array.Clear(_pending);
        _used = BlockSize;
        try
        {
            foreach (var handle in order)
            {
                Move(handle, oldBlocks);
            }

            for (var handle = 0; handle < _count; handle++)
            {
                if (!listed[handle])
                {
                    Move(handle, oldBlocks);
                }
            }
        }
        catch
        {
            // Out of memory half way: the texts are gone with the old blocks, and the store says so.
            Dispose();
            throw;
        }
        finally
        {
            foreach (var block in oldBlocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }

    // Copies one text into the blocks being filled (a discarded one is only marked gone from its old block).
    private void Move(int handle, nint[] oldBlocks)
    {
        ref var slot = ref SlotOf(handle);
        if (slot.Claimed != 0)
        {
            slot.Block = -1;
            return;
        }

        var source = new ReadOnlySpan<byte>((byte*)oldBlocks[slot.Block] + slot.Offset, slot.Length);
        var (block, offset) = Reserve(slot.Length);
        source.CopyTo(new Span<byte>((byte*)_blocks[block] + offset, slot.Length));
        slot.Block = block;
        slot.Offset = offset;
        _pending[block]++;
    }

    /// <summary>Drops a text while texts are still being added (a duplicate property whose last value wins).</summary>
    internal void Discard(int handle)
    {
        if (_sealed)
        {
            throw new InvalidOperationException("Texts are discarded only while they are added.");
        }

        ref var slot = ref SlotOf(handle);
        if (slot.Claimed == 0)
        {
            slot.Claimed = 1;
            _pending[slot.Block]--;
        }
    }

    /// <summary>The text of <paramref name="handle"/>; its bytes are released (a handle is taken or released once).</summary>
    public string Take(int handle)
    {
        var slot = Claim(handle);
        var text = Encoding.UTF8.GetString((byte*)_blocks[slot.Block] + slot.Offset, slot.Length);
        Done(slot.Block);
        return text;
    }

    /// <summary>Releases the text of <paramref name="handle"/> without reading it (a handle is taken or released once).</summary>
    public void Release(int handle) => Done(Claim(handle).Block);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var b = 0; b < _blocks.Count; b++)
        {
            NativeMemory.Free((void*)_blocks[b]);
            _blocks[b] = 0;
        }
    }

    private Slot Claim(int handle)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(handle);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(handle, _count);
        Seal();
        ref var slot = ref SlotOf(handle);
        if (Interlocked.Exchange(ref slot.Claimed, 1) != 0)
        {
            throw new InvalidOperationException($"Text {handle} was already taken or released.");
        }

        return slot;
    }

    private void Done(int block)
    {
        if (Interlocked.Decrement(ref _pending[block]) == 0)
        {
            NativeMemory.Free((void*)_blocks[block]);
            _blocks[block] = 0;
        }
    }

    // The first take or release ends the adding (so the counts stop growing); a block holding only discarded texts goes now.
    private void Seal()
    {
        if (Volatile.Read(ref _sealed))
        {
            return;
        }

        lock (_sealGate)
        {
            if (!_sealed)
            {
                for (var b = 0; b < _blocks.Count; b++)
                {
                    if (_pending[b] == 0)
                    {
                        NativeMemory.Free((void*)_blocks[b]); // only discarded texts
                        _blocks[b] = 0;
                    }
                }

                Volatile.Write(ref _sealed, true);
            }
        }
    }

    private ref Slot SlotOf(int handle) => ref _slots[handle >> SlotBits][handle & ((1 << SlotBits) - 1)];

    private struct Slot
    {
        public int Block;
        public int Offset;
        public int Length;
        public int Claimed; // 1 once taken or released
    }
}
