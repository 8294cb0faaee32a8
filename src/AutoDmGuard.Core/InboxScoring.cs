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
    private readonly List<DmFacts> _received = [];

    public InboxClassification Run()
    {
        var all = MergeChronologically(history, newMessages);
        var newIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in newMessages)
        {
            newIds.Add(m.EventId);
        }

        var receivedMessages = new List<DmMessage>(all.Count);
        foreach (var m in all)
        {
            if (m.SenderId != context.MeId)
            {
                receivedMessages.Add(m);
                SenderNames(m.SenderId); // fills the cache, so the parallel pass below only reads it
            }
        }

        // Tokens are kept only for the model learned from marks, which needs enough marks to exist at all.
        var keepTokens = context.Feedback.AutomatedCount >= options.MinMarksToLearn
            && context.Feedback.NotAutomatedCount >= options.MinMarksToLearn;
        var text = new TextEvidence(options.Model, index.MinWords, _meNames, keepTokens, featuresOnly);
        var senderNames = _senderNames;

        // Reading a DM's text (normalize, tokenize, fingerprint, text rules) is pure and independent per DM, so it runs
        // on all cores; each DM's facts land in its own slot. Indexing stays sequential and in chronological order,
        // because which cluster a DM joins depends on what was indexed before it.
        var analyzed = new DmFacts[receivedMessages.Count];
        if (receivedMessages.Count >= ParallelMinMessages && Environment.ProcessorCount > 1)
        {
            try
            {
                Parallel.For(
                    0,
                    analyzed.Length,
                    static () => new List<string>(64),
                    (i, _, tokens) =>
                    {
                        analyzed[i] = text.Analyze(receivedMessages[i], senderNames[receivedMessages[i].SenderId], tokens);
                        return tokens;
                    },
                    static _ => { });
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
            {
                // Callers see the same exception as on the sequential path (e.g. ArgumentNullException for a null text).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            }
        }
        else
        {
            var tokens = new List<string>(64);
            for (var i = 0; i < analyzed.Length; i++)
            {
                analyzed[i] = text.Analyze(receivedMessages[i], senderNames[receivedMessages[i].SenderId], tokens);
            }
        }

        var received = _received;
        received.Capacity = analyzed.Length;
        foreach (var facts in analyzed)
        {
            var m = facts.Message;
            facts.Entry = index.Find(context.MeId, m.EventId);
            if (facts.Entry < 0)
            {
                facts.Entry = index.Add(context.MeId, m.EventId, m.SenderId, facts.Fingerprint);
            }

            facts.Fingerprint = null;
            facts.IsNew = newIds.Contains(m.EventId);
            received.Add(facts);
        }

        var template = new TemplateEvidence(index);
        foreach (var facts in received)
        {
            template.Add(facts);
        }

        new ConversationEvidence(context, new TimingEvidence(context)).Add(received, all);
        if (featuresOnly)
        {
            foreach (var group in received.GroupBy(f => f.Message.SenderId, StringComparer.Ordinal))
            {
                ProfileEvidence.Add(group, _profiles.GetValueOrDefault(group.Key));
            }

            return new InboxClassification([], []);
        }

        var bySender = received.GroupBy(f => f.Message.SenderId, StringComparer.Ordinal).ToList();
        var sender = new SenderEvidence(context, FeedbackModel.Train(received, context.Feedback, options.MinMarksToLearn));
        foreach (var group in bySender)
        {
            List<DmFacts> dms = [.. group];
            ProfileEvidence.Add(dms, _profiles.GetValueOrDefault(group.Key));
            sender.Add(group.Key, dms);
        }

        var verdicts = new List<DmVerdict>();
        foreach (var facts in received)
        {
            if (facts.IsNew)
            {
                verdicts.Add(facts.ToVerdict(options.FlagThreshold));
            }
        }

        return new InboxClassification(verdicts, SenderSummary.Summarize(verdicts, options));
    }

    private static Dictionary<string, SenderProfile> BuildProfiles(IReadOnlyCollection<SenderProfile> senders)
    {
        var map = new Dictionary<string, SenderProfile>(StringComparer.Ordinal);
        foreach (var p in senders)
        {
            map[p.Id] = p;
        }

        return map;
    }

    private static List<DmMessage> MergeChronologically(IReadOnlyList<DmMessage> history, IReadOnlyList<DmMessage> newMessages)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<DmMessage>(history.Count + newMessages.Count);
        foreach (var m in newMessages.Concat(history))
        {
            if (seen.Add(m.EventId))
            {
                all.Add(m);
            }
        }

        // Ties (same second) keep snowflake order: shorter id first, then ordinal.
        all.Sort(static (a, b) =>
        {
            var c = a.CreatedAtUtc.CompareTo(b.CreatedAtUtc);
            if (c != 0)
            {
                return c;
            }

            c = a.EventId.Length.CompareTo(b.EventId.Length);
            return c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId);
        });
        return all;
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
