using System.Net;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Pages;

/// <summary>The senders list and sender page over HTTP, signed in through the sandbox, on a seeded database.</summary>
public sealed class SendersPageTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private async Task<(SignedInUser User, SenderSeed Seed)> SignInWithSeedAsync(Action<SenderSeed> build)
    {
        var user = await app.SignInAsync();
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        build(seed);
        await app.SeedAsync(seed);
        return (user, seed);
    }

    private static IReadOnlyList<string> Handles(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"flagged-sender\" data-handle=\"(?<h>[^\"]*)\"").Select(m => m.Groups["h"].Value)];

    [Fact]
    public async Task Home_is_the_flagged_list_when_signed_in()
    {
        var tag = SenderSeed.NewId()[^6..];
        var (user, _) = await SignInWithSeedAsync(seed =>
        {
            seed.Sender("home_top_" + tag, 1.0); // top score: other tests share this account
            seed.Sender("home_friend_" + tag, 0.1, flagged: false);
        });

        var home = await user.GetPageAsync("/");

        Assert.Contains("home_top_" + tag, Handles(home));
        Assert.DoesNotContain("home_friend_" + tag, Handles(home));
        Assert.Equal(user.AccountId, HtmlForms.AttributeOfId(home, "main", "data-account-id"));
        Assert.NotNull(HtmlForms.TextOfId(home, "worker-status"));
    }

    [Fact]
    public async Task Visitors_get_the_landing_page_and_no_dashboard()
    {
        using var client = app.CreateAppClient();

        var landing = await client.GetPageAsync("/");
        using var senders = await client.GetAsync(new Uri("/senders", UriKind.Relative));

        Assert.Contains("sign-in-button", landing, StringComparison.Ordinal);
        Assert.DoesNotContain("flagged-sender", landing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, senders.StatusCode);
        Assert.Contains("/Account/SignIn", senders.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Filter_search_and_paging_work_through_the_query_string()
    {
        var tag = SenderSeed.NewId()[^6..];
        var (user, _) = await SignInWithSeedAsync(seed =>
        {
            for (var i = 0; i < 12; i++)
            {
                seed.Sender($"pg{tag}_{i:00}", 0.90 - (i * 0.01));
            }

            seed.Sender($"kept{tag}", 0.95, status: SenderStatus.Kept, mark: SenderMark.NotAutomated);
        });

        var page1 = Handles(await user.GetPageAsync($"/senders?q=pg{tag}"));
        var page2 = Handles(await user.GetPageAsync($"/senders?q=pg{tag}&p=2"));
        var kept = Handles(await user.GetPageAsync($"/senders?filter=kept&q={tag}"));
        var bad = await user.GetPageAsync("/senders?filter=nonsense&p=abc");

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"pg{tag}_{i:00}"), page1);
        Assert.Equal([$"pg{tag}_10", $"pg{tag}_11"], page2);
        Assert.Equal([$"kept{tag}"], kept);
        Assert.Contains("not understood", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_texts_render_inert()
    {
        var tag = SenderSeed.NewId()[^6..];
        SeededSender hostile = null!;
        var (user, _) = await SignInWithSeedAsync(seed =>
            hostile = seed.Sender(
                "evil" + tag,
                0.99,
                name: "<img src=x onerror=alert(1)>\u202Egnp.exe",
                texts:
                [
                    "<script>alert('x')</script>",
                    "click <a href=\"javascript:alert(1)\">here</a> or javascript:alert(2)",
                    "<img src=x onerror=alert(3)> \u202Efdp.exe",
                ]));

        var list = await user.GetPageAsync("/senders?q=evil" + tag);
        var page = await user.GetPageAsync("/senders/" + hostile.Id);

        foreach (var html in new[] { list, page })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
            // The encoder would turn a raw U+202E into &#x202E;, which the browser decodes and obeys: check the decoded text.
            var decoded = WebUtility.HtmlDecode(html);
            Assert.DoesNotContain("\u202E", decoded, StringComparison.Ordinal);
            Assert.Contains("[U+202E]", decoded, StringComparison.Ordinal);
            Assert.Contains("&lt;img src", html, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;script&gt;alert", page, StringComparison.Ordinal);
        Assert.Contains("<bdi>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sender_page_shows_dms_scores_and_the_template_cluster_with_links()
    {
        var key = "tpl-" + SenderSeed.NewId();
        SeededSender subject = null!;
        List<SeededSender> clones = [];
        var (user, _) = await SignInWithSeedAsync(seed =>
        {
            subject = seed.Sender("tpl_subject_" + key[^6..], 0.93, templateKey: key, texts: ["Thanks for the follow! Free guide at my site", "Did you get my guide?"]);
            clones = [.. Enumerable.Range(0, 14).Select(i => seed.Sender($"tpl_clone_{i}_{key[^6..]}", 0.9, templateKey: key))];
        });

        var page = await user.GetPageAsync("/senders/" + subject.Id);

        Assert.Contains("the same text came from 14 other senders", page, StringComparison.Ordinal);
        Assert.All(clones, c => Assert.Contains($"href=\"/senders/{c.Id}\"", page, StringComparison.Ordinal));
        Assert.Contains("Did you get my guide?", page, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(page, "data-testid=\"dm\""));
        Assert.Contains("score <strong>0.93</strong>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_accounts_sender_page_is_not_found()
    {
        var user = await app.SignInAsync();
        var stranger = new SenderSeed();
        var theirs = stranger.Sender("not_yours", 0.99);
        await app.SeedAsync(stranger);

        using var response = await user.Client.GetAsync(new Uri("/senders/" + theirs.Id, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Insights_draw_weekly_counts_and_top_templates_as_svg()
    {
        var key = "ins-" + SenderSeed.NewId();
        var (user, _) = await SignInWithSeedAsync(seed =>
        {
            for (var i = 0; i < 3; i++)
            {
                seed.Sender($"ins_{i}_{key[^6..]}", 0.9, templateKey: key, texts: ["Welcome aboard! Here is 20% off for you"]);
            }
        });

        var html = await user.GetPageAsync("/insights");

        Assert.Contains("<svg id=\"per-week-chart\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-template-key=\"{key}\"", html, StringComparison.Ordinal);
        Assert.Contains("Welcome aboard! Here is 20% off for you", html, StringComparison.Ordinal);
        var count = await app.WithDbAsync(db => db.DmScores.CountAsync(s => s.AccountId == user.AccountId && s.Flagged));
        Assert.Contains($"<td>{count}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_bar_shows_the_workers_state_for_this_account()
    {
        await using var own = await AppFactory.StartAsync();
        var user = await own.SignInAsync();
        var now = own.Clock.GetUtcNow().UtcDateTime;
        await own.WithDbAsync(async db =>
        {
            var poll = await db.PollStates.SingleOrDefaultAsync(p => p.AccountId == user.AccountId);
            if (poll is null)
            {
                poll = new PollState { AccountId = user.AccountId };
                db.PollStates.Add(poll);
            }

            poll.LastPollAt = now.AddMinutes(-5);
            poll.NextDmPollAt = now.AddMinutes(10);
            poll.BackfillCompleted = false;
            poll.BackfillEventsStored = 321;
            poll.RateLimitRemaining = 7;
            poll.RateLimitResetAt = now.AddMinutes(12);
            await db.SaveChangesAsync();
            return true;
        });

        var healthy = await user.GetPageAsync("/senders");
        await own.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.NeedsReauthorization, true)));
        var paused = await user.GetPageAsync("/senders");

        Assert.Equal("5 min ago", HtmlForms.TextOfId(healthy, "status-last-poll"));
        Assert.Equal("in 10 min", HtmlForms.TextOfId(healthy, "status-next-poll"));
        Assert.StartsWith("loading: 321 DMs so far", HtmlForms.TextOfId(healthy, "status-backfill"), StringComparison.Ordinal);
        Assert.Equal("7 requests left, resets in 12 min", HtmlForms.TextOfId(healthy, "status-rate-limit"));
        Assert.Equal("ok", HtmlForms.TextOfId(healthy, "status-access"));
        Assert.Equal("needs reconnecting: checks are paused", HtmlForms.TextOfId(paused, "status-access"));
        Assert.Equal("paused", HtmlForms.TextOfId(paused, "status-next-poll"));
    }
}
