namespace AutoDmGuard.Core.Tests;

public class InboxClassifierPrepareTests
{
    [Fact]
    public void The_warm_up_inbox_takes_the_paths_every_inbox_takes()
    {
        // Prepare compiles what its built-in inbox calls; trimmed to a DM or two it would leave the long-text
        // fingerprint, the joining of clusters and the conversation to the real run's critical path again.
        var (messages, senders, context) = InboxClassifier.WarmUpInbox();

        var result = new InboxClassifier().Classify(messages, senders, context);

        var received = messages.Where(m => m.SenderId != context.MeId).ToList();
        Assert.Contains(messages, m => m.SenderId == context.MeId);
        Assert.Contains(received, m => m.Text.Length < TemplateFingerprint.MaxStackChars);
        Assert.Contains(received, m => m.Text.Length > 2 * TemplateFingerprint.MaxStackChars);
        Assert.Contains(received, m => context.FollowedAtByUserId.ContainsKey(m.SenderId));
        Assert.Contains(senders, s => s.Description is not null);
        Assert.Equal(received.Count, result.Messages.Count);
        Assert.Contains(result.Messages, v => v.TemplateSenderCount >= 2);
    }

    [Fact]
    public void Preparing_runs_to_the_end_and_leaves_later_classifications_as_they_were()
    {
        // The CLI does not await Prepare, so an exception in its warm-up would go unseen: here it fails the test. And it
        // classifies into an index of its own: state it left behind would show in the next run's verdicts.
        var (messages, senders, context) = InboxClassifier.WarmUpInbox();
        var before = new InboxClassifier().Classify(messages, senders, context);

        InboxClassifier.Prepare();
        var after = new InboxClassifier().Classify(messages, senders, context);

        Assert.Equal(VerdictText.Describe(before.Messages), VerdictText.Describe(after.Messages));
    }
}
