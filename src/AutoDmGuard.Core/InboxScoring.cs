using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>
/// One classification run over an inbox (or its new part): per-DM evidence (text rules, template cluster, timing,
/// conversation, sender profile), then sender-level evidence (real back-and-forth, the user's marks, the model learned
/// from them, and the sender's strongest DM), combined as log-odds and squashed to a probability.
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
    private readonly ClassifierModel _model = options.Model;

    // Below this, starting worker threads costs more than it saves (a poll brings a handful of DMs).
    private const int ParallelMinMessages = 512;
    private static readonly TimeSpan DripMinGap = TimeSpan.FromHours(4);

    // Chatbots answer the user's message within a few seconds; a person typing a reply rarely does.
    private static readonly TimeSpan AutoReplyMaxDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan NewAccountAge = TimeSpan.FromDays(90);

    private readonly Dictionary<string, SenderProfile> _profiles = BuildProfiles(senders);
    private readonly Dictionary<string, HashSet<string>> _senderNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _meNames = TextNormalizer.NameWords(context.MeName, context.MeUsername);
    private readonly List<DmFacts> _received = [];

    // Tokens are kept only for the model learned from marks, which needs enough marks to exist at all.
    private readonly bool _keepTokens = context.Feedback.AutomatedCount >= options.MinMarksToLearn
        && context.Feedback.NotAutomatedCount >= options.MinMarksToLearn;

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
                        analyzed[i] = Analyze(receivedMessages[i], tokens);
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
                analyzed[i] = Analyze(receivedMessages[i], tokens);
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

        foreach (var facts in received)
        {
            AddTemplateEvidence(facts);
        }

        AddConversationEvidence(all);
        if (featuresOnly)
        {
            foreach (var group in received.GroupBy(f => f.Message.SenderId, StringComparer.Ordinal))
            {
                _profiles.TryGetValue(group.Key, out var profile);
                var promotionalBio = ProfileRules.IsPromotionalBio(profile?.Description);
                foreach (var f in group)
                {
                    AddProfileEvidence(f, profile, promotionalBio);
                }
            }

            return new InboxClassification([], []);
        }

        var bySender = received.GroupBy(f => f.Message.SenderId, StringComparer.Ordinal).ToList();
        var model = FeedbackModel.Train(received, context.Feedback, options.MinMarksToLearn);
        foreach (var group in bySender)
        {
            AddSenderEvidence(group.Key, [.. group], model);
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

    // Thread-safe: reads only the sender-name cache (filled before), the rules and the index's settings.
    /// <summary>The fitted features of the new DMs of the last <see cref="Run"/> in features-only mode.</summary>
    public IReadOnlyList<DmFeatures> Features() =>
        [.. _received.Where(f => f.IsNew).Select(f => new DmFeatures(f.Message.EventId, f.Message.SenderId, [.. f.Features], f.TextBuckets))];

    private DmFacts Analyze(DmMessage m, List<string> tokens)
    {
        tokens.Clear();
        var folded = TextNormalizer.Fold(m.Text);
        var (recipientNamed, lastSenderName) = TextNormalizer.TokenizeFolded(folded, _meNames, _senderNames[m.SenderId], tokens);
        var facts = new DmFacts(m, _model, featuresOnly)
        {
            Fingerprint = TemplateFingerprint.Create(tokens, index.MinWords),
            Tokens = _keepTokens ? [.. tokens] : [],
        };

        var words = 0;
        var hasLink = false;
        foreach (var t in tokens)
        {
            if (TemplateFingerprint.IsContent(t))
            {
                words++;
            }

            hasLink |= t == TextNormalizer.Url;
        }

        facts.WordCount = words;
        var rules = PatternRules.All;
        var candidates = PatternRules.Triggers.Candidates(folded);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var matched = rule.Raw
                ? rule.IsMatch(m.Text)
                : (candidates & (1UL << i)) != 0 && rule.PatternMatches(folded);
            if (matched && !facts.Has(rule.Signal))
            {
                facts.AddText(rule.Signal, rule.Reason);
            }
        }

        if (hasLink)
        {
            facts.AddText("contains-link", "contains a link");
        }
        else if (words <= 4)
        {
            facts.AddText("short-reply", "a short reply without a link, the way people chat");
        }

        if (recipientNamed && facts.Has("generic-compliment"))
        {
            facts.AddText("fake-personalization", "uses your name next to a compliment that fits anyone");
        }

        if (IsSignOff(tokens, lastSenderName))
        {
            facts.AddText("signed-with-own-name", "ends with the sender's own name as a sign-off, like a form letter");
        }

        AddTextModelEvidence(facts, tokens);

        if (StructureRules.OpensWithGreetingAndName(tokens))
        {
            facts.AddText("greeting-with-your-name", "opens with a greeting and your name, the mail-merge salutation");
        }

        if (StructureRules.HasEmojiRun(m.Text))
        {
            facts.AddText("emoji-run", "a run of emoji (\"😊😊\"), a template's decoration");
        }

        if (StructureRules.IsShouting(m.Text))
        {
            facts.AddText("shouting", "several words in capitals (\"WINNER\", \"FREE\"), the way promo blasts are written");
        }

        return facts;
    }

    [ThreadStatic]
    private static List<int>? t_buckets;

    private void AddTextModelEvidence(DmFacts facts, List<string> tokens)
    {
        var text = _model.Text;
        if (text.IsEmpty && !featuresOnly)
        {
            return;
        }

        var buckets = t_buckets ??= new List<int>(128);
        TextModel.BucketsOf(tokens, buckets);
        if (featuresOnly)
        {
            facts.TextBuckets = [.. buckets];
        }

        if (text.IsEmpty)
        {
            return;
        }

        var value = text.Value(buckets);
        if (Math.Abs(value) >= 0.05)
        {
            facts.AddWords(
                value > 0 ? "words-like-auto-dms" : "words-like-personal-messages",
                value > 0 ? "its words are typical of auto-DMs and promos (word model)" : "its words are typical of personal messages (word model)",
                ModelFeatures.TextModelFeature,
                value);
        }
    }

    // "... – Lucas", "Cheers, Carlos", "connect 🙌 Carmen ✌️": the sender's name closes the message on its own.
    private static bool IsSignOff(List<string> tokens, int lastSenderName)
    {
        if (lastSenderName < 1)
        {
            return false;
        }

        for (var k = lastSenderName + 1; k < tokens.Count; k++)
        {
            if (TemplateFingerprint.IsContent(tokens[k]) && tokens[k] != TextNormalizer.Name)
            {
                return false;
            }
        }

        var before = lastSenderName - 1;
        while (before >= 0 && tokens[before] == TextNormalizer.Name)
        {
            before--;
        }

        return before >= 0 && (!TemplateFingerprint.IsContent(tokens[before]) || SignOffWords.Contains(tokens[before]));
    }

    private static readonly HashSet<string> SignOffWords = new(StringComparer.Ordinal)
    {
        "best", "cheers", "thanks", "regards", "xo", "xoxo", "love", "warmly", "saludos", "abrazos", "abraços", "beijos",
        "bisous", "cordialement", "amitiés", "grüße", "gruß", "lg", "vg",
    };

    private void AddTemplateEvidence(DmFacts facts)
    {
        var match = index.Match(facts.Entry);
        facts.TemplateKey = match.Key;
        facts.TemplateSenderCount = match.SenderCount;
        if (match.SenderCount >= 2)
        {
            var others = match.SenderCount - 1;

            // Friends do send each other the same short line ("happy new year, have a great one!"); a shared text
            // is template evidence in proportion to how much of it there is to share.
            var length = Math.Clamp((facts.WordCount - 4) / (double)Weights.TemplateFullWeightWords, 0.25, 1);
            var value = length * Math.Min(Weights.TemplateMaxValue, 1 + (Weights.TemplatePerLogSender * Math.Log(others)));
            var (signal, reason) = TemplateTexts(match.SenderCount);
            facts.AddText(signal, reason, ModelFeatures.TemplateShared, value);
        }

        // A text no other sender sent is no evidence either way: in a real inbox nearly every template arrives from
        // one sender only (one tool, one account), so "unique" says nothing about who wrote it.
        if (match.InboxCount >= 2)
        {
            facts.AddText(
                $"template-seen-in-{match.InboxCount}-inboxes",
                string.Create(CultureInfo.InvariantCulture, $"other users received near-copies too ({match.InboxCount} inboxes)"),
                ModelFeatures.TemplateOtherInboxes,
                Math.Min(Weights.TemplateOtherInboxesMaxValue, Math.Log(match.InboxCount)));
        }
    }

    // Signal names and reasons depend only on the sender count; build each once per run, not once per DM.
    private readonly Dictionary<int, (string Signal, string Reason)> _templateTexts = [];

    private (string Signal, string Reason) TemplateTexts(int senderCount)
    {
        if (!_templateTexts.TryGetValue(senderCount, out var texts))
        {
            var others = senderCount - 1;
            texts = (
                string.Create(CultureInfo.InvariantCulture, $"template-shared-by-{senderCount}-senders"),
                string.Create(CultureInfo.InvariantCulture, $"a near-copy of this text was sent by {others} other sender{(others == 1 ? "" : "s")}"));
            _templateTexts[senderCount] = texts;
        }

        return texts;
    }

    private void AddConversationEvidence(List<DmMessage> all)
    {
        var factsById = new Dictionary<string, DmFacts>(StringComparer.Ordinal);
        foreach (var f in _received)
        {
            factsById[f.Message.EventId] = f;
        }

        // "Never answered" needs the user to have had the chance: they wrote to someone after this DM arrived.
        var userLastSent = DateTime.MinValue;
        foreach (var m in all)
        {
            if (m.SenderId == context.MeId && m.CreatedAtUtc > userLastSent)
            {
                userLastSent = m.CreatedAtUtc;
            }
        }

        var firstDmSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var conversation in all.GroupBy(m => m.ConversationId, StringComparer.Ordinal))
        {
            var isGroup = !conversation.Key.Contains('-', StringComparison.Ordinal);
            var userEverWrote = conversation.Any(m => m.SenderId == context.MeId);
            var userLastAt = DateTime.MinValue;
            var previousWasUser = false;
            var userWrote = false;
            var userLastIndex = -1;
            var lastBySender = new Dictionary<string, (DateTime At, int Index)>(StringComparer.Ordinal);
            var anyEarlier = false;
            var position = 0;
            foreach (var m in conversation)
            {
                position++;
                if (m.SenderId == context.MeId)
                {
                    userWrote = true;
                    userLastIndex = position;
                    userLastAt = m.CreatedAtUtc;
                    previousWasUser = true;
                    anyEarlier = true;
                    continue;
                }

                var facts = factsById[m.EventId];
                facts.UserWroteBefore = userWrote;
                if (isGroup)
                {
                    facts.AddContext("group-conversation", "written in a group conversation; tools DM people one to one");
                }
                else if (!anyEarlier)
                {
                    facts.AddContext("first-contact", "opens a conversation you never wrote in");
                }
                else if (userWrote)
                {
                    facts.AddContext("you-wrote-to-them", "you had written in this conversation before");
                }

                if (!isGroup && !userEverWrote && userLastSent > m.CreatedAtUtc)
                {
                    facts.AddContext("never-answered", "you have written to others since, but never in this conversation");
                }

                if (previousWasUser && !isGroup && m.CreatedAtUtc - userLastAt <= AutoReplyMaxDelay)
                {
                    var seconds = (m.CreatedAtUtc - userLastAt).TotalSeconds;
                    facts.AddContext(
                        "answered-within-seconds",
                        string.Create(CultureInfo.InvariantCulture, $"answered {seconds:0} s after your message, faster than a person types"));
                }

                previousWasUser = false;
                if (lastBySender.TryGetValue(m.SenderId, out var last) && userLastIndex < last.Index && m.CreatedAtUtc - last.At >= DripMinGap)
                {
                    var hours = (m.CreatedAtUtc - last.At).TotalHours;
                    facts.AddContext(
                        "drip-follow-up-without-reply",
                        string.Create(CultureInfo.InvariantCulture, $"a follow-up {hours:0} h after their last DM, which you never answered"));
                }

                if (firstDmSeen.Add(m.SenderId))
                {
                    AddTimingEvidence(facts);
                }

                lastBySender[m.SenderId] = (m.CreatedAtUtc, position);
                anyEarlier = true;
            }
        }
    }

    private void AddTimingEvidence(DmFacts facts)
    {
        var m = facts.Message;
        if (!context.FollowedAtByUserId.TryGetValue(m.SenderId, out var followedAt) || followedAt is not { } at)
        {
            return;
        }

        var delay = m.CreatedAtUtc - at;
        if (delay < TimeSpan.Zero)
        {
            return;
        }

        var seconds = delay.TotalSeconds;
        var when = seconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMinutes:0} min");
        if (delay <= TimeSpan.FromMinutes(1))
        {
            facts.AddContext("dm-within-a-minute-of-follow", $"their first DM came {when} after you followed them");
        }
        else if (delay <= TimeSpan.FromMinutes(15))
        {
            facts.AddContext("dm-within-minutes-of-follow", $"their first DM came {when} after you followed them");
        }
        else if (delay <= TimeSpan.FromDays(1))
        {
            facts.AddContext(
                "dm-within-a-day-of-follow",
                string.Create(CultureInfo.InvariantCulture, $"their first DM came {delay.TotalHours:0.#} h after you followed them"));
        }
    }

    private static void AddProfileEvidence(DmFacts facts, SenderProfile? profile, bool promotionalBio)
    {
        if (profile is null)
        {
            return;
        }

        if (profile.FollowingCount is { } following && following >= 2000
            && following >= 0.8 * Math.Max(1, profile.FollowersCount ?? 0))
        {
            facts.AddContext(
                "follows-many-accounts",
                string.Create(CultureInfo.InvariantCulture, $"follows {following:N0} accounts, about as many as or more than follow them back"));
        }

        if (promotionalBio)
        {
            facts.AddContext("promotional-bio", "their bio sells something (growth, coaching, DM for ...)");
        }

        if (profile.CreatedAtUtc is { } created && facts.Message.CreatedAtUtc - created < NewAccountAge)
        {
            facts.AddContext("new-account", "the account is less than 90 days old");
        }
    }

    private void AddSenderEvidence(string senderId, List<DmFacts> dms, FeedbackModel? model)
    {
        _profiles.TryGetValue(senderId, out var profile);
        var promotionalBio = ProfileRules.IsPromotionalBio(profile?.Description);
        foreach (var f in dms)
        {
            AddProfileEvidence(f, profile, promotionalBio);
        }

        // Real back-and-forth: after the user wrote, the sender answered with text that is neither templated nor promotional.
        var answered = dms.FirstOrDefault(f => f.UserWroteBefore && f.TextEvidence < Weights.SpecificTextMax);
        if (answered is not null)
        {
            foreach (var f in dms)
            {
                f.AddSender("real-back-and-forth", Weights.RealBackAndForth, "you replied and they answered with something written for you");
            }
        }

        var mark = context.Feedback.LabelFor(senderId);
        var allowlisted = context.AllowlistedUserIds.Contains(senderId);
        foreach (var f in dms)
        {
            if (allowlisted)
            {
                f.AddSender("sender-allowlisted", Weights.Allowlisted, "you allowlisted this sender");
                f.NeverFlag = true;
            }

            if (mark == FeedbackLabel.Automated)
            {
                f.AddSender("you-marked-automated", Weights.MarkedAutomated, "you marked this sender as automated");
            }
            else if (mark == FeedbackLabel.NotAutomated)
            {
                f.AddSender("you-marked-not-automated", Weights.MarkedNotAutomated, "you marked this sender as a real person");
                f.NeverFlag = true;
            }
            else if (model?.Score(f) is { } learned && Math.Abs(learned) >= 0.05)
            {
                f.AddSender(
                    learned > 0 ? "similar-to-your-automated-marks" : "similar-to-your-personal-marks",
                    learned,
                    learned > 0 ? "looks like messages from senders you marked automated" : "looks like messages from senders you marked as real people");
            }
        }

        // A sender's DMs share one nature: a follow-up ("Still want in? 👀") inherits most of the evidence of the
        // sender's strongest DM, and says so.
        var strongest = dms.MaxBy(f => f.Logit)!;
        if (strongest.Logit <= 0)
        {
            return;
        }

        foreach (var f in dms)
        {
            if (!ReferenceEquals(f, strongest) && f.Logit < strongest.Logit)
            {
                var gap = Weights.SenderInheritance * (strongest.Logit - f.Logit);
                f.AddSender(
                    "same-sender-sent-automated-dm",
                    gap,
                    string.Create(CultureInfo.InvariantCulture, $"the same sender's other DM scores {Sigmoid(strongest.Logit):0.00}"));
            }
        }
    }

    internal static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
