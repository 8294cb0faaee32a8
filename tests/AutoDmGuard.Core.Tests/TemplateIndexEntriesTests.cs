using System.Globalization;

namespace AutoDmGuard.Core.Tests;

public class TemplateIndexEntriesTests
{
    private static readonly string[] Topics = ["pottery", "synth patches", "trail maps", "bread scoring", "tiny houses", "chess openings"];

    // Templates with near-copies from several senders and inboxes, interleaved with personal notes that match nothing.
    private static List<(string Inbox, DmMessage Dm)> Dms()
    {
        var dms = new List<(string, DmMessage)>();
        var at = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 60; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            var text = i % 3 == 0
                ? $"personal note {id}: the {Topics[i % Topics.Length]} meetup moved to room {i * 7} because of the {i} chairs"
                : $"Thanks for the follow! Grab my free checklist for {Topics[i % Topics.Length]} here https://t.co/{id}";
            dms.Add(("inbox-" + (i % 4).ToString(CultureInfo.InvariantCulture), new DmMessage("e" + id, "c" + id, "s" + (i % 9).ToString(CultureInfo.InvariantCulture), text, at.AddMinutes(i))));
        }

        return dms;
    }

    private static InboxContext Context(string inbox) =>
        new(inbox, inbox, null, new Dictionary<string, DateTime?>(), [], new FeedbackSet([]));

    private static List<DmVerdict> Classify(InboxClassifier classifier, IEnumerable<(string Inbox, DmMessage Dm)> dms) =>
        [.. dms.GroupBy(d => d.Inbox).SelectMany(g => classifier.Classify([.. g.Select(d => d.Dm)], [], Context(g.Key)).Messages)];

    [Fact]
    public void An_index_fed_the_entries_another_index_handed_out_matches_every_dm_like_it()
    {
        var original = new TemplateIndex();
        var handedOut = new List<TemplateIndexed>();
        original.Indexed = handedOut.Add;
        var dms = Dms();
        Classify(new InboxClassifier(original), dms);

        var copy = new TemplateIndex();
        var imported = new List<TemplateIndexed>();
        copy.Indexed = imported.Add;
        foreach (var e in handedOut)
        {
            copy.Import(e.Dm);
        }

        Assert.Equal(original.Count, copy.Count);
        Assert.All(handedOut, e => Assert.False(e.Imported));
        Assert.All(imported, e => Assert.True(e.Imported));
        Assert.Equal(handedOut.Select(e => e.Entry), imported.Select(e => e.Entry));
        foreach (var (inbox, dm) in dms)
        {
            Assert.Equal(original.Match(original.Find(inbox, dm.EventId)), copy.Match(copy.Find(inbox, dm.EventId)));
        }

        // The templates of this set did cluster (the comparison above is not one of singletons only).
        Assert.Contains(handedOut, e => original.Match(e.Entry).InboxCount == 4);
    }

    [Fact]
    public void A_classification_on_an_imported_index_gives_the_verdicts_of_the_original()
    {
        var dms = Dms();
        var original = new TemplateIndex();
        var handedOut = new List<TemplateIndexed>();
        original.Indexed = handedOut.Add;
        var first = new InboxClassifier(original);
        Classify(first, dms.Take(40));

        var copy = new TemplateIndex();
        foreach (var e in handedOut)
        {
            copy.Import(e.Dm);
        }

        var later = dms.Skip(40).ToList();
        Assert.Equal(Classify(first, later), Classify(new InboxClassifier(copy), later), new VerdictComparer());
    }

    [Fact]
    public void Importing_a_dm_already_indexed_changes_nothing()
    {
        var index = new TemplateIndex();
        var handedOut = new List<TemplateIndexed>();
        index.Indexed = handedOut.Add;
        Classify(new InboxClassifier(index), Dms());
        var count = handedOut.Count;

        Assert.Equal(handedOut[3].Entry, index.Import(handedOut[3].Dm));
        Assert.Equal(count, index.Count);
        Assert.Equal(count, handedOut.Count);
    }

    [Fact]
    public void Each_entry_is_in_the_cluster_its_template_key_names()
    {
        var index = new TemplateIndex();
        var handedOut = new List<TemplateIndexed>();
        index.Indexed = handedOut.Add;
        Classify(new InboxClassifier(index), Dms());

        var clusters = index.ClusterOfEachEntry();
        Assert.Equal(index.Count, clusters.Length);
        foreach (var e in handedOut)
        {
            Assert.Equal(clusters[e.Entry], TemplateIndex.FirstEntryOf(index.Match(e.Entry).Key));
        }

        Assert.True(clusters.Distinct().Count() < clusters.Length);
        Assert.Equal(-1, TemplateIndex.FirstEntryOf("tpl-quokka"));
        Assert.Equal(-1, TemplateIndex.FirstEntryOf(null));
    }

    [Fact]
    public void An_entry_that_is_not_a_fingerprint_is_refused()
    {
        var index = new TemplateIndex();

        Assert.Throws<ArgumentException>(() => index.Import(new TemplateIndexEntry("inbox", "1", "a", new uint[10], new ulong[32])));
        Assert.Throws<ArgumentException>(() => index.Import(new TemplateIndexEntry("inbox", "1", "a", new uint[80], new ulong[3])));
    }

    private sealed class VerdictComparer : IEqualityComparer<DmVerdict>
    {
        public bool Equals(DmVerdict? x, DmVerdict? y) =>
            x is not null && y is not null && x.EventId == y.EventId && x.Score.Equals(y.Score) && x.Flagged == y.Flagged
            && x.TemplateKey == y.TemplateKey && x.TemplateSenderCount == y.TemplateSenderCount
            && x.Reasons.Select(r => r.Signal).SequenceEqual(y.Reasons.Select(r => r.Signal));

        public int GetHashCode(DmVerdict obj) => obj.EventId.GetHashCode(StringComparison.Ordinal);
    }
}
