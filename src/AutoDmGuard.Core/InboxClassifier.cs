namespace AutoDmGuard.Core;

/// <summary>
/// Scores received DMs of one inbox as automated (templated auto-DMs) or personal, with the reasons.
/// Pure and synchronous; thread-safe as long as the shared <see cref="TemplateIndex"/> is (it is).
/// </summary>
/// <remarks>
/// Two ways to call it:
/// <list type="bullet">
/// <item><see cref="Classify"/>: the whole inbox at once (the CLI, a full re-score after feedback).</item>
/// <item><see cref="ClassifyIncremental"/>: the worker's poll; only the new messages are scored, against the history it
/// passes (earlier messages of those conversations, including the user's own) and the template index, which keeps
/// what it saw in earlier calls (and from other inboxes when the index is shared).</item>
/// </list>
/// </remarks>
public sealed class InboxClassifier(TemplateIndex? index = null, ClassifierOptions? options = null)
{
    /// <summary>The template index this classifier adds to and matches against.</summary>
    public TemplateIndex Index { get; } = index ?? new TemplateIndex();

    public ClassifierOptions Options { get; } = options ?? ClassifierOptions.Default;

    /// <summary>
    /// Compiles the scoring path ahead of its first use; optional, verdicts are the same either way. For a short process
    /// that runs without tiered compilation (the CLI): every method is compiled fully optimized on the thread that first
    /// calls it, so on an idle core while the input is still being read this takes that work off the run's critical
    /// path. In order of certainty: the default model (a tenth of a second of parsing), the methods every run calls
    /// (by classifying a small built-in inbox, <see cref="WarmUpInbox"/>: the analysis, the fingerprints, the index, the
    /// evidence and the verdicts, ~0.2 s of compiling), then the text rules' matchers, of which a given inbox may use
    /// only some. A long-running host has no use for it. Stops between two matchers once <paramref name="stop"/> is
    /// cancelled (and does not start the built-in inbox after it); what is left is compiled on first use, as without it.
    /// </summary>
    public static void Prepare(CancellationToken stop = default)
    {
        _ = ClassifierModel.Default;
        if (stop.IsCancellationRequested)
        {
            return;
        }

        var (messages, senders, context) = WarmUpInbox();
        _ = new InboxClassifier().Classify(messages, senders, context); // an index of its own: nothing it adds is kept
        PatternRules.PrepareMatchers(stop);
    }

    /// <summary>
    /// The inbox <see cref="Prepare"/> classifies: small, so it runs on the calling thread alone, yet it takes the paths
    /// every real inbox takes: a short and a long text (the fingerprint's buffer for long texts), one template from two
    /// senders (clusters joined), a reply of the user's (conversation), a known follow time and a profile with a bio.
    /// Its words are everyday ones, so it compiles only the few matchers whose triggers they hold; the rest follow in the
    /// rules' order.
    /// </summary>
    internal static (DmMessage[] Messages, SenderProfile[] Senders, InboxContext Context) WarmUpInbox()
    {
        var at = new DateTime(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);
        var letter = string.Concat(Enumerable.Repeat("we could meet at the lake on sunday if the weather holds, and bring the dog along. ", 16));
        DmMessage[] messages =
        [
            new("101", "1-2", "2", "how was the trip home?", at),
            new("102", "1-2", "1", "long, but the trains ran on time", at.AddMinutes(4)),
            new("103", "1-3", "3", letter, at.AddMinutes(6)),
            new("104", "1-4", "4", letter, at.AddMinutes(9)),
        ];
        SenderProfile[] senders =
        [
            new("2", "robin", "Robin", "gardener, cyclist", at.AddYears(-6), false, 210, 180),
            new("3", "kim", "Kim", null, at.AddYears(-2), false, 40, 60),
            new("4", "ali", "Ali", null, null, false, null, null),
        ];
        var context = new InboxContext("1", "sam", "Sam", new Dictionary<string, DateTime?> { ["3"] = at.AddMinutes(-2) }, [], FeedbackSet.Empty);
        return (messages, senders, context);
    }

    /// <summary>
    /// Classifies every received MessageCreate in <paramref name="messages"/> (the user's own messages give the
    /// conversation context). Adds the received messages to the template index (idempotent per event id).
    /// </summary>
    public InboxClassification Classify(
        IReadOnlyList<DmMessage> messages,
        IReadOnlyCollection<SenderProfile> senders,
        InboxContext context) =>
        ClassifyIncremental(messages, [], senders, context);

    /// <summary>
    /// Scores only <paramref name="newMessages"/>; <paramref name="history"/> holds earlier messages (received and
    /// sent) of the same inbox, used for conversation, drip and feedback-learning signals but not re-scored.
    /// Sender verdicts cover the senders of the new messages, over their new and historic messages.
    /// </summary>
    public InboxClassification ClassifyIncremental(
        IReadOnlyList<DmMessage> newMessages,
        IReadOnlyList<DmMessage> history,
        IReadOnlyCollection<SenderProfile> senders,
        InboxContext context)
    {
        ArgumentNullException.ThrowIfNull(newMessages);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(context);
        return new InboxScoring(Index, Options, newMessages, history, senders, context).Run();
    }

    /// <summary>
    /// Adds the received DMs in <paramref name="messages"/> to the template index exactly as <see cref="Classify"/> would,
    /// without scoring them (idempotent per event id). A caller that scores a backlog in several calls indexes all of it
    /// first, so every DM is then scored with its template's counts over the whole backlog, as one call would score it,
    /// instead of the earlier calls' DMs with the counts so far (and re-scored later).
    /// </summary>
    public void IndexAhead(
        IReadOnlyList<DmMessage> messages,
        IReadOnlyCollection<SenderProfile> senders,
        InboxContext context)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(context);
        new InboxScoring(Index, Options, messages, [], senders, context).IndexOnly();
    }

    /// <summary>
    /// The fitted features of every received DM in <paramref name="messages"/>, before sender-level evidence (marks,
    /// allowlist, back-and-forth, a sender's strongest DM): what `autodmguard train` fits the model on.
    /// Adds the DMs to the template index like <see cref="Classify"/>.
    /// </summary>
    public IReadOnlyList<DmFeatures> ExtractFeatures(
        IReadOnlyList<DmMessage> messages,
        IReadOnlyCollection<SenderProfile> senders,
        InboxContext context)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(context);
        var scoring = new InboxScoring(Index, Options, messages, [], senders, context, featuresOnly: true);
        scoring.Run();
        return scoring.Features();
    }

    /// <summary>Aggregates DM verdicts into one verdict per sender (what the dashboard lists).</summary>
    public IReadOnlyList<SenderAssessment> SummarizeSenders(IEnumerable<DmVerdict> verdicts) =>
        SenderSummary.Summarize(verdicts, Options);
}
