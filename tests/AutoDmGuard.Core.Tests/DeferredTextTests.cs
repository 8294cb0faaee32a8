using System.Collections.Concurrent;

namespace AutoDmGuard.Core.Tests;

/// <summary>
/// DMs whose texts are held elsewhere (<see cref="DmMessage.Deferred"/>) score exactly as DMs with their texts, and a run
/// reads each received text once and releases each of the user's own unread.
/// </summary>
public sealed class DeferredTextTests
{
    private const string Me = "1000";

    [Theory]
    [InlineData(40)] // analyzed on one thread
    [InlineData(3000)] // on all cores
    public void A_run_scores_deferred_texts_as_it_scores_texts_and_reads_each_once(int count)
    {
        var messages = Inbox(count);
        var texts = new Texts();
        var deferred = messages.Select(m => m with { Text = string.Empty, Deferred = texts.Hold(m.Text) }).ToList();
        var context = new InboxContext(Me, "me", null, new Dictionary<string, DateTime?>(), [], FeedbackSet.Empty);

        var expected = new InboxClassifier().Classify(messages, [], context).Messages;
        var actual = new InboxClassifier().Classify(deferred, [], context).Messages;

        Assert.Equal(VerdictText.Describe(expected), VerdictText.Describe(actual));
        Assert.Contains(expected, v => v.TemplateSenderCount > 1);
        var received = messages.Count(m => m.SenderId != Me);
        Assert.Equal((received, messages.Count - received), (texts.Taken, texts.Released));
        Assert.True(texts.AllUsedOnce(messages.Count));
    }

    [Fact]
    public void Indexing_ahead_reads_each_received_text_once_and_indexes_it_as_scoring_would()
    {
        var messages = Inbox(600);
        var texts = new Texts();
        var deferred = messages.Select(m => m with { Text = string.Empty, Deferred = texts.Hold(m.Text) }).ToList();
        var context = new InboxContext(Me, "me", null, new Dictionary<string, DateTime?>(), [], FeedbackSet.Empty);

        var plain = new InboxClassifier();
        plain.IndexAhead(messages, [], context);
        var ahead = new InboxClassifier();
        ahead.IndexAhead(deferred, [], context);

        Assert.Equal(plain.Index.Count, ahead.Index.Count);
        Assert.Equal(plain.Index.ClusterOfEachEntry(), ahead.Index.ClusterOfEachEntry());
        Assert.Equal(messages.Count(m => m.SenderId != Me), texts.Taken);
    }

    [Fact]
    public void A_text_read_twice_is_an_error_not_an_empty_text()
    {
        var texts = new Texts();
        var m = new DmMessage("1", "1000-2000", "2000", string.Empty, DateTime.UnixEpoch) { Deferred = texts.Hold("Thanks for the follow!") };
        var context = new InboxContext(Me, "me", null, new Dictionary<string, DateTime?>(), [], FeedbackSet.Empty);
        var classifier = new InboxClassifier();
        classifier.Classify([m], [], context);

        Assert.Throws<InvalidOperationException>(() => classifier.Classify([m], [], context));
    }

    // Templated DMs from many senders, personal ones, and the user's own replies, in time order.
    private static List<DmMessage> Inbox(int count)
    {
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var other = $"{2000 + (i % 300)}";
            var sender = i % 7 == 6 ? Me : other;
            var text = (i % 3) switch
            {
                0 => $"Thanks for the follow! Grab my free guide {i % 5}: https://bit.ly/x{i}",
                1 => $"see you at the meetup on day {i % 9}, bring the slides about topic {i}?",
                _ => $"ha, {i} is a lot of cake 🎂🎂🎂 for one weekend",
            };
            return new DmMessage($"{i + 1}", $"1000-{other}", sender, text, start.AddMinutes(i));
        })];
    }

    // Texts in a dictionary, each handed out once: what a store outside the managed heap promises.
    private sealed class Texts : IDeferredTexts
    {
        private readonly ConcurrentDictionary<int, string> _held = new();
        private readonly ConcurrentDictionary<int, int> _uses = new();
        private int _next;
        private int _taken;
        private int _released;

        public int Taken => _taken;

        public int Released => _released;

        public DeferredText Hold(string text)
        {
            var handle = _next++;
            _held[handle] = text;
            return new DeferredText(this, handle);
        }

        public bool AllUsedOnce(int count) => _uses.Count == count && _uses.Values.All(n => n == 1);

        public string Take(int handle)
        {
            var text = Use(handle);
            Interlocked.Increment(ref _taken);
            return text;
        }

        public void Release(int handle)
        {
            Use(handle);
            Interlocked.Increment(ref _released);
        }

        private string Use(int handle)
        {
            _uses.AddOrUpdate(handle, 1, (_, n) => n + 1);
            return _held.TryRemove(handle, out var text) ? text : throw new InvalidOperationException($"Text {handle} was already used.");
        }
    }
}
