using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Tests.Data;

namespace AutoDmGuard.Web.Tests.Senders;

public sealed class SenderDetailsQueryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task Shows_every_dm_with_scores_and_the_template_cluster()
    {
        var seed = new SenderSeed();
        var key = "tpl-" + SenderSeed.NewId();
        var subject = seed.Sender("subject_bot", 0.9, templateKey: key, texts: ["Thanks for following! Visit my shop", "Did you see my shop?"]);
        var others = Enumerable.Range(0, 3).Select(i => seed.Sender($"clone_{i}", 0.9, templateKey: key)).ToList();
        seed.Sender("unrelated", 0.2, flagged: false, templateKey: "other-" + key);
        await using (var db = database.Create())
        {
            await seed.SaveAsync(db);
        }

        // Another account with the same template key: its senders are not part of this account's cluster.
        var stranger = new SenderSeed();
        stranger.Sender("strangers_clone", 0.9, templateKey: key);
        await using (var db = database.Create())
        {
            await stranger.SaveAsync(db);
        }

        SenderDetails? details;
        await using (var db = database.Create())
        {
            details = await new SenderDetailsQuery(db).RunAsync(seed.AccountId, subject.Id, CancellationToken.None);
        }

        Assert.NotNull(details);
        Assert.Equal(["Did you see my shop?", "Thanks for following! Visit my shop"], details.Dms.Select(d => d.Text));
        Assert.All(details.Dms, d => Assert.Equal(0.9, d.Score));
        Assert.All(details.Dms, d => Assert.NotEmpty(d.Reasons));
        var cluster = Assert.Single(details.Templates);
        Assert.Equal(3, cluster.OtherSenderCount);
        Assert.Equal(others.Select(o => o.Username).Order(StringComparer.Ordinal), cluster.Others.Select(o => o.Username).Order(StringComparer.Ordinal));
        Assert.Contains(details.Timeline, t => t.What == "You followed them");
    }

    [Fact]
    public async Task Another_accounts_sender_is_not_found()
    {
        var mine = new SenderSeed();
        mine.Sender("mine", 0.9);
        var theirs = new SenderSeed();
        var foreign = theirs.Sender("theirs", 0.9);
        await using (var db = database.Create())
        {
            await mine.SaveAsync(db);
            await theirs.SaveAsync(db);
        }

        await using var read = database.Create();
        Assert.Null(await new SenderDetailsQuery(read).RunAsync(mine.AccountId, foreign.Id, CancellationToken.None));
    }
}
