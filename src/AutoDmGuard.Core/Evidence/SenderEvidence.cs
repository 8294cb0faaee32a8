using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>
/// Evidence about a sender as a whole, added after every DM's own evidence: real back-and-forth, the allowlist, the
/// user's marks, the model learned from the marks, and the sender's strongest DM, which the others inherit from.
/// These weights stay hand-set (<see cref="Weights"/>): no training inbox can show them.
/// </summary>
internal sealed class SenderEvidence(InboxContext context, FeedbackModel? learned, double flagThreshold)
{
    public void Add(string senderId, List<DmFacts> dms)
    {
        // Real back-and-forth: after the user wrote, the sender answered with text that is neither templated nor
        // promotional, in a DM that its own evidence (words, timing, conversation, profile) would not flag: a chatbot's
        // canned answer seconds after the user's message, or a promo blast sent after the user's "stop", is not an answer.
        var answered = dms.FirstOrDefault(f => f.UserWroteBefore && f.TextEvidence < Weights.SpecificTextMax
            && !FlagRule.IsFlagged(InboxScoring.Sigmoid(f.Logit), flagThreshold, vetoed: false));
        if (answered is not null)
        {
            foreach (var f in dms)
            {
                f.AddSender(SenderSignals.RealBackAndForth, Weights.RealBackAndForth, "you replied and they answered with something written for you");
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
            else if (learned?.Score(f) is { } score && Math.Abs(score) >= 0.05)
            {
                f.AddSender(
                    score > 0 ? "similar-to-your-automated-marks" : "similar-to-your-personal-marks",
                    score,
                    score > 0 ? "looks like messages from senders you marked automated" : "looks like messages from senders you marked as real people");
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
                    string.Create(CultureInfo.InvariantCulture, $"the same sender's other DM scores {InboxScoring.Sigmoid(strongest.Logit):0.00}"));
            }
        }
    }
}
