using AutoDmGuard.Cli;
using AutoDmGuard.Core;
using AutoDmGuard.MailboxDump;
using BenchmarkDotNet.Attributes;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// Classifier speed on a synthetic inbox of <see cref="DmCount"/> received DMs (the `autodmguard synth` generator:
/// the project's own template and chat texts, about 45% automated). Times are per DM (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ClassifierBenchmarks
{
    private Mailbox _mailbox = null!;
    private List<DmMessage> _received = null!;
    private InboxClassifier _warm = null!;
    private HashSet<string> _names = null!;

    [Params(100_000)]
    public int DmCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dump = SyntheticInbox.Generate(DmCount, seed: 42);
        _mailbox = DumpReader.Parse(MailboxDumpWriter.ToUtf8Bytes(dump), "synthetic");
        _received = [.. _mailbox.Messages.Where(m => m.SenderId != _mailbox.Context.MeId)];
        _names = TextNormalizer.NameWords(_mailbox.Context.MeName, _mailbox.Context.MeUsername);

        // An index that already holds every DM of the inbox, as after the worker's earlier polls.
        _warm = new InboxClassifier();
        _warm.Classify(_mailbox.Messages, _mailbox.Users, _mailbox.Context);
    }

    /// <summary>Normalize, shingle, MinHash and insert every received DM into a fresh index (the ≤ 2 s target).</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public TemplateIndex BuildIndex()
    {
        var index = new TemplateIndex();
        var tokens = new List<string>(64);
        foreach (var m in _received)
        {
            tokens.Clear();
            TextNormalizer.TokenizeFolded(TextNormalizer.Fold(m.Text), _names, null, tokens);
            index.Add(_mailbox.Context.MeId, m.EventId, m.SenderId, TemplateFingerprint.Create(tokens, index.MinWords));
        }

        return index;
    }

    /// <summary>Score every DM with the index built: rules, template lookup, timing, conversation, sender (≥ 100,000 DMs/s target).</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public int ScoreWithIndexBuilt() =>
        _warm.Classify(_mailbox.Messages, _mailbox.Users, _mailbox.Context).Messages.Count;

    /// <summary>The whole classification from scratch: index build plus scoring.</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public int ClassifyFromScratch() =>
        new InboxClassifier().Classify(_mailbox.Messages, _mailbox.Users, _mailbox.Context).Messages.Count;
}
