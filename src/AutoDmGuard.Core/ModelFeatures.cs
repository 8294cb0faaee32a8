namespace AutoDmGuard.Core;

/// <summary>
/// The features the fitted model weighs (text rules, structure, template, timing, conversation, profile) and their
/// hand-set priors: the starting point of <c>autodmguard train</c>, which also pulls each weight towards its prior
/// (so a feature the training inboxes never show keeps the weight its meaning suggests). Sender-level evidence
/// (the user's marks, the allowlist, real back-and-forth, a sender's strongest DM) is not fitted: see <see cref="Weights"/>.
/// </summary>
public static class ModelFeatures
{
    internal const double PriorBias = -2.5;
    internal const double PriorThreshold = 0.6;

    /// <summary>Value of <c>template-shared</c>: length factor × min(1 + 0.32·ln(other senders), 2.05) (1 = two senders, full length).</summary>
    public const string TemplateShared = "template-shared";

    /// <summary>Value of <c>template-other-inboxes</c>: min(ln(inboxes), 3).</summary>
    public const string TemplateOtherInboxes = "template-other-inboxes";

    /// <summary>Value of <c>text-model</c>: <see cref="TextModel.Value"/> of the DM's words.</summary>
    public const string TextModelFeature = "text-model";

    /// <summary>The thanks-for-following / welcome opener rule.</summary>
    public const string ThanksForFollow = "thanks-for-follow-opener";

    /// <summary>
    /// The thanks-for-following opener and a call to action in one DM: the trigger + pitch anatomy of an auto-DM, told by
    /// which rules fired, so it carries to every language the lexicons cover while the word model knows mostly English.
    /// </summary>
    public const string ThanksThenPitch = "thanks-then-pitch";

    /// <summary>
    /// A question of the sender's own (not one of the questions anyone could be asked): it waits for an answer, which a
    /// broadcast does not. Fitted: tools ask questions too, and the data says how much one weighs.
    /// </summary>
    public const string AsksAQuestion = "asks-a-question";

    public static IReadOnlyDictionary<string, double> Priors { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        // Text rules (PatternRules). A failed mail-merge or a tool's signature is proof of software: decisive priors
        // (the training inboxes hold few of them, so the fit keeps these close to the prior).
        ["unfilled-placeholder"] = 8.0,
        ["tool-signature"] = 7.0,
        ["reply-keyword-bait"] = 1.8,
        [ThanksForFollow] = 1.2,
        ["cta-other-network"] = 1.3,
        ["cta-subscribe"] = 1.2,
        ["freebie-offer"] = 1.3,
        ["cta-app-download"] = 1.0,
        ["addresses-followers-as-group"] = 1.5,
        ["cta-shop"] = 1.0,
        ["beta-invite"] = 1.2,
        ["sales-pitch"] = 1.0,
        ["urgency"] = 0.8,
        ["broadcast-announcement"] = 1.0,
        ["drip-nudge"] = 1.0,
        ["generic-question"] = 1.0,
        ["generic-compliment"] = 1.0,
        ["link-shortener"] = 0.8,
        ["shared-context"] = -1.3,
        [AsksAQuestion] = -0.3,
        ["cta-visit"] = 0.6,
        ["cta-buy"] = 0.5,
        ["prize-claim"] = 1.5,
        ["call-or-text-number"] = 1.0,
        ["money-amount"] = 0.5,
        ["promo-fine-print"] = 2.0,
        ["weekday-greeting"] = 1.0,
        ["auto-reply-text"] = 1.5,

        // Structure.
        ["contains-link"] = 0.5,
        ["short-reply"] = -1.0,
        ["fake-personalization"] = 1.0,
        ["signed-with-own-name"] = 0.6,
        ["greeting-with-your-name"] = 0.5,

        // A person who thanks for a follow goes on to talk; a tool goes on to pitch. The prior is on top of the two rules.
        [ThanksThenPitch] = 0.8,
        ["emoji-run"] = 0.3,
        ["shouting"] = 0.5,

        // Hashed word model (TextModel): value = clamped naive Bayes log-ratio / 5.
        [TextModelFeature] = 1.0,

        // Template clustering.
        [TemplateShared] = 2.2,
        [TemplateOtherInboxes] = 0.5,

        // Timing.
        ["dm-within-a-minute-of-follow"] = 2.0,
        ["dm-within-minutes-of-follow"] = 1.3,
        ["dm-within-an-hour-of-follow"] = 0.8,
        ["dm-within-a-day-of-follow"] = 0.3,
        ["drip-follow-up-without-reply"] = 1.0,
        ["answered-within-seconds"] = 1.0,

        // Conversation.
        ["first-contact"] = 0.5,
        ["never-answered"] = 0.0,
        ["you-wrote-to-them"] = -1.0,
        ["group-conversation"] = -1.5,

        // Profile.
        ["promotional-bio"] = 0.6,
        ["follows-many-accounts"] = 0.4,
        ["new-account"] = 0.5,
    };

    /// <summary>Every feature the model must weigh.</summary>
    public static IReadOnlyCollection<string> Fitted => (IReadOnlyCollection<string>)Priors.Keys;
}
