using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>
/// Evidence from the template cluster a DM joined in the index: how many other senders, and other inboxes, received
/// near-copies of it.
/// </summary>
internal sealed class TemplateEvidence(TemplateIndex index)
{
    // Signal names and reasons depend only on the sender count; build each once per run, not once per DM.
    private readonly Dictionary<int, (string Signal, string Reason)> _texts = [];

    public void Add(DmFacts facts)
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
            var (signal, reason) = Texts(match.SenderCount);
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

    private (string Signal, string Reason) Texts(int senderCount)
    {
        if (!_texts.TryGetValue(senderCount, out var texts))
        {
            var others = senderCount - 1;
            texts = (
                string.Create(CultureInfo.InvariantCulture, $"template-shared-by-{senderCount}-senders"),
                string.Create(CultureInfo.InvariantCulture, $"a near-copy of this text was sent by {others} other sender{(others == 1 ? "" : "s")}"));
            _texts[senderCount] = texts;
        }

        return texts;
    }
}
