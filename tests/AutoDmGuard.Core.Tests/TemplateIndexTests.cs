using AutoDmGuard.Core.Tests.Builders;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AutoDmGuard.Core.Tests;

public class TemplateIndexTests
{
    private static readonly string[] Links = ["https://t.co/a1b2c3", "https://t.co/ZZ9x8Y", "https://bit.ly/qq", "https://t.co/k"];
    private static readonly string[] Emoji = ["🙌", "🚀", "✨", "", "😊 😊", "🎉"];
    private static readonly string[] Names = ["Kit", "kit", "Kit Morrow", "@kit_makes", "there"];
    private static readonly string[] Topics = ["pottery", "synth patches", "trail maps", "bread scoring", "tiny houses", "chess openings"];

    private static readonly string[] Unrelated =
    [
        "can you bring the extension cord tomorrow, mine died during the rehearsal",
        "the landlord finally fixed the boiler so we can have the dinner at mine on saturday",
        "my flight got moved to 6am, so I will miss the museum thing, really sorry about that",
        "did you ever find out which bakery made that rye loaf we had at the wedding",
        "grandma says the quilt pattern is from a magazine she kept since nineteen seventy",
        "I benchmarked the parser again and it is the allocation in the tokenizer, not the regex",
    ];

    private static TemplateMatch Index(TemplateIndex index, string inbox, string eventId, string sender, string text)
    {
        var tokens = new List<string>();
        TextNormalizer.Tokenize(text, TextNormalizer.NameWords("Kit Morrow", "kit_makes"), tokens);
        var entry = index.Add(inbox, eventId, sender, TemplateFingerprint.Create(tokens, index.MinWords));
        return index.Match(entry);
    }

    [Property(MaxTest = 100)]
    public Property Near_duplicates_with_swapped_links_emoji_and_names_cluster()
    {
        var variant = Gen.Elements(Links).SelectMany(_ => Gen.Elements(Emoji), (link, emoji) => (link, emoji))
            .SelectMany(_ => Gen.Elements(Names), (le, name) => (le.link, le.emoji, name));
        var pairs = variant.SelectMany(_ => variant, (a, b) => (a, b)).SelectMany(_ => Gen.Elements(Topics), (ab, topic) => (ab.a, ab.b, topic)).ToArbitrary();
        return Prop.ForAll(pairs, p =>
        {
            var index = new TemplateIndex();
            string Text((string link, string emoji, string name) v) =>
                $"Hey {v.name}! Thanks for the follow {v.emoji} I wrote a free guide about {p.topic} for new followers, grab it here: {v.link}";
            Index(index, "inbox", "1", "sender-a", Text(p.a));
            var match = Index(index, "inbox", "2", "sender-b", Text(p.b));
            return match.SenderCount == 2;
        });
    }

    [Property(MaxTest = 100)]
    public Property Unrelated_texts_do_not_cluster()
    {
        var pairs = Gen.Elements(Unrelated).SelectMany(_ => Gen.Elements(Unrelated), (a, b) => (a, b)).Where(p => p.a != p.b).ToArbitrary();
        return Prop.ForAll(pairs, p =>
        {
            var index = new TemplateIndex();
            Index(index, "inbox", "1", "sender-a", p.a);
            return Index(index, "inbox", "2", "sender-b", p.b).SenderCount == 1;
        });
    }

    [Fact]
    public void Counts_distinct_senders_not_messages()
    {
        var index = new TemplateIndex();
        const string text = "Thanks for following! My weekly letter on container gardening is free, join here: https://t.co/x";
        Index(index, "inbox", "1", "a", text);
        Index(index, "inbox", "2", "a", text);
        var match = Index(index, "inbox", "3", "b", text + " 🌱");

        Assert.Equal(2, match.SenderCount);
    }

    [Fact]
    public void Adding_the_same_event_twice_is_idempotent()
    {
        var index = new TemplateIndex();
        const string text = "Thanks for following! My weekly letter on container gardening is free, join here: https://t.co/x";
        Index(index, "inbox", "1", "a", text);
        Index(index, "inbox", "1", "a", text);

        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Short_replies_are_not_indexed()
    {
        var index = new TemplateIndex();

        Assert.Equal(TemplateMatch.None, Index(index, "inbox", "1", "a", "lol yes 😂"));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void A_shared_index_counts_senders_and_inboxes_across_accounts()
    {
        var index = new TemplateIndex();
        const string text = "Welcome aboard! Reply YES and I will send you my free starter pack for indie game devs";
        Index(index, "inbox-1", "1", "a", text);
        Index(index, "inbox-2", "1", "b", text);
        var match = Index(index, "inbox-3", "1", "c", text);

        Assert.Equal(3, match.SenderCount);
        Assert.Equal(3, match.InboxCount);
        Assert.Equal(1, match.SendersInInbox);
    }

    [Fact]
    public void Is_safe_to_share_between_threads()
    {
        var index = new TemplateIndex();
        Parallel.For(0, 400, i =>
            Index(index, "inbox-" + (i % 4), i.ToString(System.Globalization.CultureInfo.InvariantCulture), "s" + i, $"Thanks for the follow! Grab my free checklist for {Topics[i % Topics.Length]} here"));

        Assert.Equal(400, index.Count);
        var match = Index(index, "inbox-x", "x", "sx", "Thanks for the follow! Grab my free checklist for pottery here");
        Assert.True(match.SenderCount > 60, $"sender count {match.SenderCount}");
    }
}
