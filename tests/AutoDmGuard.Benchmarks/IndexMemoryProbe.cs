using System.Globalization;
using System.Runtime.CompilerServices;
using AutoDmGuard.Core;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// What the worker's process-wide template index keeps per DM: after the backfill bench has stored an inbox, the
/// received DMs are fed to a fresh index and the live GC heap it holds (after full collections) plus the native memory
/// of its entries' data is printed, so a change to the index's storage can be measured on the same texts the worker
/// scores.
/// </summary>
internal static class IndexMemoryProbe
{
    public static string Measure(string meId, IReadOnlyList<(string EventId, string SenderId, string Text)> received)
    {
        var before = LiveHeap();
        var index = Build(meId, received);
        var after = LiveHeap();
        var native = index.NativeBytes;
        var held = after - before + native;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"template index over {received.Count:N0} received DMs: {index.Count:N0} entries hold {held / 1048576.0:F1} MB ({(after - before) / 1048576.0:F1} MB live heap, {native / 1048576.0:F1} MB native; {held / (double)Math.Max(1, index.Count):F0} bytes per entry incl. its event and sender id strings); {index.Describe()}");
        GC.KeepAlive(index);
        return text;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TemplateIndex Build(string meId, IReadOnlyList<(string EventId, string SenderId, string Text)> received)
    {
        var index = new TemplateIndex();
        var tokens = new List<string>(64);
        foreach (var (eventId, senderId, text) in received)
        {
            tokens.Clear();
            TextNormalizer.TokenizeFolded(TextNormalizer.Fold(text), [], null, tokens);
            // Fresh id strings per DM, as when the worker reads them from SQLite batch by batch.
            index.Add(meId, new string(eventId), new string(senderId), TemplateFingerprint.Create(tokens, index.MinWords));
        }

        return index;
    }

    private static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
