namespace AutoDmGuard.Core;

/// <summary>
/// One classification run over an inbox (or its new part), the entry point of the evidence families in
/// <c>Evidence/</c>: each DM's text (<see cref="TextEvidence"/>, in parallel), its template cluster
/// (<see cref="TemplateEvidence"/>, after indexing in chronological order), its conversation and timing
/// (<see cref="ConversationEvidence"/>, <see cref="TimingEvidence"/>), its sender's profile
/// (<see cref="ProfileEvidence"/>), then sender-level evidence (<see cref="SenderEvidence"/>), combined as log-odds and
/// squashed to a probability.
/// </summary>
internal sealed class InboxScoring(
    TemplateIndex index,
    ClassifierOptions options,
    IReadOnlyList<DmMessage> newMessages,
    IReadOnlyList<DmMessage> history,
    IReadOnlyCollection<SenderProfile> senders,
    InboxContext context,
    bool featuresOnly = false)
{
    // Below this, starting worker threads costs more than it saves (a poll brings a handful of DMs).
    private const int ParallelMinMessages = 512;

    private readonly Dictionary<string, SenderProfile> _profiles = BuildProfiles(senders);
    private readonly Dictionary<string, HashSet<string>> _senderNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _meNames = TextNormalizer.NameWords(context.MeName, context.MeUsername);
    private DmFacts[] _received = [];

    public InboxClassification Run()
    {
        var all = MergeChronologically(history, newMessages);
        // Without history every DM of the run is new (a whole inbox): no set to build and look up on the indexing thread.
        HashSet<string>? newIds = null;
        if (history.Count > 0)
        {
            newIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in newMessages)
            {
                newIds.Add(m.EventId);
            }
        }

        // Texts are read only by the analysis below. The run drops its references to the caller's lists and swaps each
        // DM in its own lists for a textless copy once analyzed (the user's own DMs at once), so a caller that lets go
        // of its messages (the CLI) frees every text as the run goes: on an inbox of long DMs they are most of the heap.
        newMessages = [];
        history = [];
        var receivedMessages = new List<DmMessage>(all.Count);
        var positionInAll = new int[all.Count];
        for (var k = 0; k < all.Count; k++)
        {
            var m = all[k];
            if (m.SenderId != context.MeId)
            {
                positionInAll[receivedMessages.Count] = k;
                receivedMessages.Add(m);
                SenderNames(m.SenderId); // fills the cache, so the parallel pass below only reads it
            }
            else
            {
                all[k] = m.WithoutText();
            }
        }

        // Tokens are kept only for the model learned from marks, which needs enough marks to exist at all.
        var keepTokens = context.Feedback.AutomatedCount >= options.MinMarksToLearn
            && context.Feedback.NotAutomatedCount >= options.MinMarksToLearn;
        var text = new TextEvidence(options.Model, index.MinWords, _meNames, keepTokens, featuresOnly);
        var senderNames = _senderNames;

        // Reading a DM's text (normalize, tokenize, fingerprint, text rules) is pure and independent per DM, so it runs
        // on all cores; indexing consumes the facts on this thread in chronological order as they become ready, because
        // which cluster a DM joins depends on what was indexed before it. DMs indexed in an earlier run (a re-score, or
        // a shared index) are not fingerprinted again.
        var known = index.FindAll(context.MeId, receivedMessages);
        var analyzed = new DmFacts[receivedMessages.Count];
        index.EnsureCapacity(CountUnknown(known));
        OrderedPipeline.Run(
            analyzed.Length,
            parallel: analyzed.Length >= ParallelMinMessages,
            static () => new TokenList(),
            (i, tokens) =>
            {
                var m = receivedMessages[i];
                analyzed[i] = text.Analyze(m, senderNames[m.SenderId], known[i], tokens);
            },
            i =>
            {
                var facts = analyzed[i];
                var m = facts.Message;
                if (facts.Entry < 0)
                {
                    facts.Entry = index.Add(context.MeId, m.EventId, m.SenderId, facts.Fingerprint);
                }

                facts.Fingerprint = null;
                all[positionInAll[i]] = receivedMessages[i] = facts.ReleaseText();
                facts.IsNew = newIds is null || newIds.Contains(m.EventId);
            });

        // The facts in chronological order: the pipeline fills every slot.
        var received = _received = analyzed;

        var template = new TemplateEvidence(index);
        foreach (var facts in received)
        {
            template.Add(facts);
        }

        var parallel = received.Length >= ParallelMinMessages;
        new ConversationEvidence(context, new TimingEvidence(context), parallel).Add(received, all);
        if (featuresOnly)
        {
            foreach (var group in received.GroupBy(f => f.Message.SenderId, StringComparer.Ordinal))
            {
                ProfileEvidence.Add(group, _profiles.GetValueOrDefault(group.Key));
            }

            return new InboxClassification([], []);
        }

        // Each sender's evidence touches only that sender's DMs, and each verdict only its DM: both run on all cores.
        var bySender = received.GroupBy(f => f.Message.SenderId, StringComparer.Ordinal).ToList();
        var sender = new SenderEvidence(context, FeedbackModel.Train(received, context.Feedback, options.MinMarksToLearn), options.FlagThreshold);
        ForEach(bySender, parallel, group =>
        {
            List<DmFacts> dms = [.. group];
            ProfileEvidence.Add(dms, _profiles.GetValueOrDefault(group.Key));
            sender.Add(group.Key, dms);
        });

        // Without history every DM is new.
        IReadOnlyList<DmFacts> scored = newIds is null ? received : received.Where(f => f.IsNew).ToList();
        var verdicts = new DmVerdict[scored.Count];
        ForEach(Enumerable.Range(0, scored.Count).ToList(), parallel, i => verdicts[i] = scored[i].ToVerdict(options.FlagThreshold));
        return new InboxClassification(verdicts, SenderSummary.Summarize(verdicts, options));
    }

    /// <summary>
    /// Adds the run's received DMs to the index as <see cref="Run"/> would (the same fingerprints, in chronological
    /// order, DMs indexed before skipped), without analyzing or scoring them.
    /// </summary>
    public void IndexOnly()
    {
        var received = new List<DmMessage>();
        foreach (var m in MergeChronologically(history, newMessages))
        {
            if (m.SenderId != context.MeId)
            {
                received.Add(m);
                SenderNames(m.SenderId); // fills the cache, so the parallel pass below only reads it
            }
        }

        var text = new TextEvidence(options.Model, index.MinWords, _meNames, keepTokens: false, featuresOnly: false);
        var senderNames = _senderNames;
        var known = index.FindAll(context.MeId, received);
        var fingerprints = new TemplateFingerprint?[received.Count];
        index.EnsureCapacity(CountUnknown(known));
        OrderedPipeline.Run(
            received.Count,
            parallel: received.Count >= ParallelMinMessages,
            static () => new TokenList(),
            (i, tokens) =>
            {
                if (known[i] < 0)
                {
                    var m = received[i];
                    fingerprints[i] = text.Fingerprint(m, senderNames[m.SenderId], tokens);
                }
            },
            i =>
            {
                if (known[i] < 0)
                {
                    var m = received[i];
                    index.Add(context.MeId, m.EventId, m.SenderId, fingerprints[i]);
                    fingerprints[i] = null;
                }
            });
    }

    /// <summary>Runs <paramref name="body"/> for every item, on all cores when <paramref name="parallel"/>; items must be independent.</summary>
    internal static void ForEach<T>(IReadOnlyList<T> items, bool parallel, Action<T> body)
    {
        if (!parallel || Environment.ProcessorCount < 2)
        {
            foreach (var item in items)
            {
                body(item);
            }

            return;
        }

        try
        {
            Parallel.For(0, items.Count, i => body(items[i]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }

    private static Dictionary<string, SenderProfile> BuildProfiles(IReadOnlyCollection<SenderProfile> senders)
    {
        var map = new Dictionary<string, SenderProfile>(senders.Count, StringComparer.Ordinal);
        foreach (var p in senders)
        {
            map[p.Id] = p;
        }

        return map;
    }

    private static List<DmMessage> MergeChronologically(IReadOnlyList<DmMessage> history, IReadOnlyList<DmMessage> newMessages)
    {
        // Sized once: grown by doubling, the set's arrays for 100,000 DMs would be ~6 MB of large-object allocations
        // (each one counting towards the next full collection) instead of ~2 MB.
        var seen = new HashSet<string>(history.Count + newMessages.Count, StringComparer.Ordinal);
        var all = new List<DmMessage>(history.Count + newMessages.Count);
        foreach (var m in newMessages.Concat(history))
        {
            if (seen.Add(m.EventId))
            {
                all.Add(m);
            }
        }

        all.Sort(DmMessage.CompareChronologically);
        return all;
    }

    private static int CountUnknown(int[] entries)
    {
        var count = 0;
        foreach (var entry in entries)
        {
            if (entry < 0)
            {
                count++;
            }
        }

        return count;
    }

    private HashSet<string> SenderNames(string senderId)
    {
        if (!_senderNames.TryGetValue(senderId, out var set))
        {
            set = _profiles.TryGetValue(senderId, out var p)
                ? TextNormalizer.NameWords(p.Name, p.Username)
                : [];
            set.ExceptWith(_meNames);
            _senderNames[senderId] = set;
        }

        return set;
    }

    /// <summary>The fitted features of the new DMs of the last <see cref="Run"/> in features-only mode.</summary>
    public IReadOnlyList<DmFeatures> Features() =>
        [.. _received.Where(f => f.IsNew).Select(f => new DmFeatures(f.Message.EventId, f.Message.SenderId, [.. f.Features], f.TextBuckets))];

    internal static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
