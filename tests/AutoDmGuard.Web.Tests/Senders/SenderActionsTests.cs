using System.Net;
using System.Text.Json;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Senders;

/// <summary>Unfollow, Undo, Not automated and Mute against the sandbox, with and without the page script.</summary>
public sealed class SenderActionsTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private async Task<(SignedInUser User, string SenderId, string Handle)> SignInWithFollowedSenderAsync()
    {
        var user = await app.SignInAsync();
        var senderId = (await app.TakeFollowedAsync(user.AccountId, 1))[0];
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        var handle = "act_" + SenderSeed.NewId()[^8..];
        seed.Sender(handle, 0.9, id: senderId);
        await app.SeedAsync(seed);
        return (user, senderId, handle);
    }

    private Task<SenderVerdict> VerdictAsync(string accountId, string senderId) =>
        app.WithDbAsync(db => db.SenderVerdicts.AsNoTracking().SingleAsync(v => v.AccountId == accountId && v.SenderId == senderId));

    private Task<List<SenderAction>> ActionsAsync(string accountId, string senderId) =>
        app.WithDbAsync(db => db.SenderActions.AsNoTracking().Where(a => a.AccountId == accountId && a.TargetUserId == senderId).OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task Unfollow_then_undo_round_trips_through_X_without_script()
    {
        var (user, senderId, handle) = await SignInWithFollowedSenderAsync();

        using var unfollow = await DashboardRequests.SenderActionAsync(user, "Unfollow", senderId);
        Assert.Equal(HttpStatusCode.Redirect, unfollow.StatusCode);
        var after = await user.GetPageAsync(unfollow.Headers.Location!.OriginalString);

        Assert.DoesNotContain(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
        Assert.Equal(SenderStatus.Unfollowed, (await VerdictAsync(user.AccountId, senderId)).Status);
        Assert.Contains($"Unfollowed @{handle}.", after, StringComparison.Ordinal);
        Assert.NotNull(HtmlForms.TextOfId(after, "undo-button"));
        Assert.DoesNotContain($"data-sender-id=\"{senderId}\"", after, StringComparison.Ordinal);

        using var undo = await DashboardRequests.SenderActionAsync(user, "Undo", senderId);
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);

        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
        Assert.Equal(SenderStatus.Active, (await VerdictAsync(user.AccountId, senderId)).Status);
        Assert.Contains($"data-sender-id=\"{senderId}\"", await user.GetPageAsync($"/senders?q={handle}"), StringComparison.Ordinal);
        var actions = await ActionsAsync(user.AccountId, senderId);
        Assert.Equal([SenderActionKind.Unfollow, SenderActionKind.Refollow], actions.Select(a => a.Kind));
        Assert.All(actions, a => Assert.Equal(ActionStatus.Done, a.Status));
    }

    [Fact]
    public async Task Script_requests_get_json_and_no_redirect()
    {
        var (user, senderId, handle) = await SignInWithFollowedSenderAsync();

        using var unfollow = await DashboardRequests.SenderActionAsync(user, "Unfollow", senderId, json: true);
        using var body = JsonDocument.Parse(await unfollow.Content.ReadAsStringAsync());
        using var undo = await DashboardRequests.SenderActionAsync(user, "Undo", senderId, json: true);
        using var undoBody = JsonDocument.Parse(await undo.Content.ReadAsStringAsync());
        using var undoAgain = await DashboardRequests.SenderActionAsync(user, "Undo", senderId, json: true);

        Assert.Equal(HttpStatusCode.OK, unfollow.StatusCode);
        Assert.True(body.RootElement.GetProperty("ok").GetBoolean());
        Assert.True(body.RootElement.GetProperty("undo").GetBoolean());
        Assert.Equal($"Unfollowed @{handle}.", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal($"Following @{handle} again.", undoBody.RootElement.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Conflict, undoAgain.StatusCode);
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
    }

    [Fact]
    public async Task Not_automated_keeps_the_sender_and_calls_nothing_at_X()
    {
        var (user, senderId, handle) = await SignInWithFollowedSenderAsync();

        using var response = await DashboardRequests.SenderActionAsync(user, "NotAutomated", senderId);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var verdict = await VerdictAsync(user.AccountId, senderId);
        Assert.Equal(SenderStatus.Kept, verdict.Status);
        Assert.Equal(FeedbackMark.NotAutomated, verdict.Mark);
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
        Assert.DoesNotContain($"data-sender-id=\"{senderId}\"", await user.GetPageAsync($"/senders?q={handle}"), StringComparison.Ordinal);
        Assert.Contains($"data-sender-id=\"{senderId}\"", await user.GetPageAsync($"/senders?filter=kept&q={handle}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mute_mutes_at_X_and_leaves_the_follow()
    {
        var (user, senderId, _) = await SignInWithFollowedSenderAsync();

        using var response = await DashboardRequests.SenderActionAsync(user, "Mute", senderId);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SenderStatus.Muted, (await VerdictAsync(user.AccountId, senderId)).Status);
        Assert.Equal(ActionStatus.Done, Assert.Single(await ActionsAsync(user.AccountId, senderId)).Status);
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
    }

    [Fact]
    public async Task A_failed_call_to_X_changes_nothing_and_says_so()
    {
        var (user, senderId, handle) = await SignInWithFollowedSenderAsync();
        await app.SandboxAdmin.AddFaultAsync("DELETE /2/users/:source_user_id/following/:target_user_id", "503");

        using var response = await DashboardRequests.SenderActionAsync(user, "Unfollow", senderId);
        var page = await user.GetPageAsync(response.Headers.Location!.OriginalString);

        Assert.Contains($"Could not unfollow @{handle}", page, StringComparison.Ordinal);
        Assert.Equal(SenderStatus.Active, (await VerdictAsync(user.AccountId, senderId)).Status);
        Assert.Equal(ActionStatus.Failed, Assert.Single(await ActionsAsync(user.AccountId, senderId)).Status);
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
    }

    [Theory]
    [InlineData("Unfollow")]
    [InlineData("Undo")]
    [InlineData("NotAutomated")]
    [InlineData("Mute")]
    public async Task Another_accounts_sender_is_refused_and_untouched(string handler)
    {
        var user = await app.SignInAsync();
        var stranger = new SenderSeed();
        var theirs = stranger.Sender("someone_elses_" + handler, 0.99, status: handler == "Undo" ? SenderStatus.Unfollowed : SenderStatus.Active);
        await app.SeedAsync(stranger);
        var before = await VerdictAsync(stranger.AccountId, theirs.Id);

        using var plain = await DashboardRequests.SenderActionAsync(user, handler, theirs.Id);
        using var json = await DashboardRequests.SenderActionAsync(user, handler, theirs.Id, json: true);

        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        var after = await VerdictAsync(stranger.AccountId, theirs.Id);
        Assert.Equal((before.Status, before.Mark, before.UpdatedAt), (after.Status, after.Mark, after.UpdatedAt));
        Assert.Empty(await app.WithDbAsync(db => db.SenderActions.Where(a => a.TargetUserId == theirs.Id).ToListAsync()));
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_rejected()
    {
        var (user, senderId, _) = await SignInWithFollowedSenderAsync();
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("senderId", senderId)]);

        using var response = await user.Client.PostAsync(new Uri("/senders?handler=Unfollow", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SenderStatus.Active, (await VerdictAsync(user.AccountId, senderId)).Status);
        Assert.Contains(senderId, await app.SandboxAdmin.FollowingAsync(user.AccountId));
    }
}
