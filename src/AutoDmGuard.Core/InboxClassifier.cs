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
    /// Loads the default model and compiles the text rules' matchers ahead of their first use; optional, verdicts are
    /// the same either way. For a short process that runs without tiered compilation (the CLI): every method is
    /// compiled fully optimized on the thread that first calls it, and the rules' matchers are most of that work, so
    /// compiling them (and parsing the model, a tenth of a second) on an idle core while the input is still being read
    /// takes it off the run's critical path. A long-running host has no use for it. Stops between two matchers once
    /// <paramref name="stop"/> is cancelled; the rest are compiled on first use, as without it.
    /// </summary>
    public static void PrepareRules(CancellationToken stop = default)
    {
        _ = ClassifierModel.Default;
        PatternRules.PrepareMatchers(stop);
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
