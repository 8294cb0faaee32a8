using System.Runtime.ExceptionServices;

namespace AutoDmGuard.Core;

/// <summary>
/// Runs an order-free step on every item on all cores while an ordered step consumes the items on the calling thread,
/// in index order, as soon as each one is ready. A scoring run uses it to read DMs in parallel (pure per DM) while
/// indexing them in chronological order (which cluster a DM joins depends on what was indexed before it), so indexing
/// no longer waits for the whole analysis and the second core stays busy. The calling thread produces too whenever the
/// next item is not ready, so the result and the exceptions are those of a sequential run whatever the scheduling.
/// </summary>
internal static class OrderedPipeline
{
    // Small enough that indexing starts almost at once and the cores finish together, large enough that claiming a
    // chunk and signalling its completion cost nothing next to reading 64 DMs.
    private const int ChunkSize = 64;

    /// <param name="count">Number of items.</param>
    /// <param name="parallel">False: everything on the calling thread (small runs, where starting threads costs more).</param>
    /// <param name="newScratch">Scratch state for one producing thread (e.g. a token list).</param>
    /// <param name="produce">The order-free step for item i; may run on any thread, in any order.</param>
    /// <param name="consume">The ordered step for item i; runs on the calling thread for i = 0, 1, ... after produce(i).</param>
    public static void Run<TScratch>(int count, bool parallel, Func<TScratch> newScratch, Action<int, TScratch> produce, Action<int> consume)
    {
        if (!parallel || count <= ChunkSize || Environment.ProcessorCount < 2)
        {
            var scratch = newScratch();
            for (var i = 0; i < count; i++)
            {
                produce(i, scratch);
            }

            for (var i = 0; i < count; i++)
            {
                consume(i);
            }

            return;
        }

        new Pipeline<TScratch>(count, newScratch, produce).Execute(consume);
    }

    private sealed class Pipeline<TScratch>(int count, Func<TScratch> newScratch, Action<int, TScratch> produce)
    {
        private readonly int _chunks = (count + ChunkSize - 1) / ChunkSize;
        private readonly object _gate = new(); // Monitor, for Wait/PulseAll
        private readonly bool[] _done = new bool[(count + ChunkSize - 1) / ChunkSize];
        private int _next = -1;
        private volatile bool _stop;

        // The failure of the earliest failing chunk: a sequential run would have thrown that one.
        private int _failedChunk = int.MaxValue;
        private ExceptionDispatchInfo? _failure;

        public void Execute(Action<int> consume)
        {
            var helpers = new Task[Math.Min(Environment.ProcessorCount - 1, _chunks - 1)];
            for (var h = 0; h < helpers.Length; h++)
            {
                helpers[h] = Task.Run(() =>
                {
                    var scratch = newScratch();
                    while (ProduceNext(scratch))
                    {
                    }
                });
            }

            try
            {
                var scratch = newScratch();
                for (var c = 0; c < _chunks; c++)
                {
                    WaitFor(c, scratch);
                    if (c >= _failedChunk)
                    {
                        _failure!.Throw();
                    }

                    var end = Math.Min(count, (c + 1) * ChunkSize);
                    for (var i = c * ChunkSize; i < end; i++)
                    {
                        consume(i);
                    }
                }
            }
            finally
            {
                _stop = true;
                Task.WaitAll(helpers);
            }
        }

        // Until chunk c is done: produce the next unclaimed chunk, or sleep until a helper finishes one.
        private void WaitFor(int c, TScratch scratch)
        {
            while (!IsDone(c))
            {
                if (ProduceNext(scratch))
                {
                    continue;
                }

                lock (_gate)
                {
                    while (!_done[c])
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }

        private bool IsDone(int c)
        {
            lock (_gate)
            {
                return _done[c];
            }
        }

        private bool ProduceNext(TScratch scratch)
        {
            if (_stop)
            {
                return false;
            }

            var c = Interlocked.Increment(ref _next);
            if (c >= _chunks)
            {
                return false;
            }

            try
            {
                var end = Math.Min(count, (c + 1) * ChunkSize);
                for (var i = c * ChunkSize; i < end; i++)
                {
                    produce(i, scratch);
                }
            }
            catch (Exception ex)
            {
                // Chunks are claimed in order, so every chunk before this one is claimed and will be finished: the
                // consumer reaches the earliest failure and throws it. Nothing after it needs producing.
                _stop = true;
                lock (_gate)
                {
                    if (c < _failedChunk)
                    {
                        _failedChunk = c;
                        _failure = ExceptionDispatchInfo.Capture(ex);
                    }
                }
            }

            lock (_gate)
            {
                _done[c] = true;
                Monitor.PulseAll(_gate);
            }

            return true;
        }
    }
}
