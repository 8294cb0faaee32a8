using System.Net;
using AutoDmGuard.Web.Tests.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Accounts;

/// <summary>"Delete my data" takes the account's search index rows and aggregates with it, and nothing of other accounts.</summary>
public sealed class DeleteMyDataSearchTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Delete_my_data_leaves_no_search_rows_or_aggregates_of_the_account()
    {
        var (me, other) = (app.Sandbox.SignableAccounts[0], app.Sandbox.SignableAccounts[1]);
        using var otherUser = await app.SignInAsync(other.Username);
        using var user = await app.SignInAsync(me.Username);
        foreach (var (accountId, word) in new[] { (me.Id, "zanzibarquokka"), (other.Id, "patagoniaquokka") })
        {
            var seed = new SenderSeed(accountId) { IncludeAccount = false };
            seed.Sender("quokka_fan", 0.9, name: "Quokka Fan", templateKey: "tpl-quokka", texts: ["first " + word, "second " + word]);
            seed.Sender("quokka_two", 0.8, templateKey: "tpl-quokka");
            await app.WithDbAsync(async db =>
            {
                await seed.SaveAsync(db);
                return true;
            });
        }

        var before = await RowsAsync(me.Id);
        Assert.All(before, count => Assert.True(count > 0));
        var otherBefore = await RowsAsync(other.Id);

        using var response = await user.PostFormAsync("/Account?handler=Delete", [new("Input.Confirm", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new int[5], await RowsAsync(me.Id));
        Assert.Equal(otherBefore, await RowsAsync(other.Id));
        Assert.Equal(0, await MatchesAsync("zanzibarquokka"));
        Assert.Equal(1, await MatchesAsync("patagoniaquokka") > 0 ? 1 : 0);
    }

    private Task<int[]> RowsAsync(string accountId) => app.WithDbAsync(async db => new[]
    {
        (await SearchIndexTests.IndexRowsAsync(db, accountId)).Texts,
        (await SearchIndexTests.IndexRowsAsync(db, accountId)).Users,
        await db.TemplateMembers.CountAsync(m => m.AccountId == accountId),
        await db.TemplateStats.CountAsync(t => t.AccountId == accountId),
        await db.WeeklyStats.CountAsync(w => w.AccountId == accountId),
    });

    private Task<int> MatchesAsync(string word) => app.WithDbAsync(db => SearchIndexTests.IndexMatchesAsync(db, word));
}
