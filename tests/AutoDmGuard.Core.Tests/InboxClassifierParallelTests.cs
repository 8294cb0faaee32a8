namespace AutoDmGuard.Core.Tests;

/// <summary>Large inboxes are analyzed on several threads; callers must not be able to tell.</summary>
public sealed class InboxClassifierParallelTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(2000)]
    public void A_bad_message_throws_the_same_exception_on_one_thread_and_on_many(int count)
    {
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var messages = Enumerable.Range(0, count)
            .Select(i => new DmMessage($"{i + 1}", $"1000-{2000 + i}", $"{2000 + i}", i == count / 2 ? null! : $"hello number {i}, how is the week going", start.AddMinutes(i)))
            .ToList();
        var context = new InboxContext("1000", "me", null, new Dictionary<string, DateTime?>(), [], FeedbackSet.Empty);

        Assert.Throws<ArgumentNullException>(() => new InboxClassifier().Classify(messages, [], context));
    }

    [Fact]
    public void Repeated_runs_over_a_large_inbox_give_identical_verdicts()
    {
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var messages = Enumerable.Range(0, 3000)
            .Select(i => new DmMessage(
                $"{i + 1}",
                $"1000-{2000 + (i % 700)}",
                $"{2000 + (i % 700)}",
                i % 3 == 0 ? $"Thanks for the follow! Grab my free guide {i % 5}: https://bit.ly/x{i}" : $"see you at the meetup on day {i % 9}, bring the slides about topic {i}",
                start.AddMinutes(i)))
            .ToList();
        var context = new InboxContext("1000", "me", null, new Dictionary<string, DateTime?>(), [], FeedbackSet.Empty);

        var first = new InboxClassifier().Classify(messages, [], context).Messages;
        var second = new InboxClassifier().Classify(messages, [], context).Messages;

        Assert.Equal(VerdictText.Describe(first), VerdictText.Describe(second));
        Assert.Contains(first, v => v.TemplateSenderCount > 1);
    }
}
