using System.Net;
using AutoDmGuard.XApi.Tests.Infrastructure;
using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.XApi.Tests.Contract;

/// <summary>Every IXApiClient call against the sandbox over real HTTP.</summary>
public sealed class SandboxApiContractTests
{
    [Fact]
    public async Task Dm_events_page_to_the_end_newest_first_without_repeats_and_with_senders_included()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();

        var events = new List<XDmEvent>();
        var pages = 0;
        await foreach (var page in s.Client.GetDmEventPagesAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 40 }))
        {
            pages++;
            Assert.Equal(page.Data.Count, page.Meta.ResultCount);
            foreach (var dm in page.Data.Where(e => e.IsMessage && e.SenderId != me.UserId))
            {
                Assert.NotNull(page.Includes.FindUser(dm.SenderId!));
            }

            events.AddRange(page.Data);
        }

        Assert.True(events.Count(e => e.IsMessage && e.SenderId != me.UserId) >= 150, $"only {events.Count} events");
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.True(pages >= (events.Count + 39) / 40);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(XSnowflake.Compare(events[i - 1].Id, events[i].Id) > 0, $"not newest first at {i}");
        }

        Assert.All(events, e =>
        {
            Assert.NotNull(e.CreatedAt);
            Assert.Equal(TimeSpan.Zero, e.CreatedAt!.Value.Offset);
            Assert.NotNull(e.DmConversationId);
        });
    }

    [Fact]
    public async Task Conversation_scoped_lookups_return_only_that_conversation()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        var first = await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 20 });
        var dm = first.Data.First(e => e.IsMessage && e.SenderId != me.UserId);

        var byId = new List<XDmEvent>();
        await foreach (var page in s.Client.GetDmConversationEventPagesAsync(me.AccessToken, dm.DmConversationId!, new XDmEventsQuery { MaxResults = 2 }))
        {
            byId.AddRange(page.Data);
        }

        var with = new List<XDmEvent>();
        await foreach (var page in s.Client.GetDmConversationWithEventPagesAsync(me.AccessToken, dm.SenderId!, new XDmEventsQuery { MaxResults = 2 }))
        {
            with.AddRange(page.Data);
        }

        Assert.Contains(byId, e => e.Id == dm.Id);
        Assert.All(byId, e => Assert.Equal(dm.DmConversationId, e.DmConversationId));
        Assert.Equal(byId.Select(e => e.Id), with.Select(e => e.Id));
    }

    [Fact]
    public async Task Users_lookup_returns_found_users_and_partial_errors_for_unknown_ids()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();

        var users = await s.Client.GetUsersAsync(me.AccessToken, [me.UserId, "1999999999999999999"]);

        Assert.Equal(me.Account.Username, Assert.Single(users.Data).Username);
        var error = Assert.Single(users.Errors);
        Assert.Equal("1999999999999999999", error.Value);
        Assert.Equal("resource-not-found", error.ProblemType);
    }

    [Fact]
    public async Task Following_pages_to_the_end_match_the_sandbox_truth()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();

        var ids = new List<string>();
        await foreach (var page in s.Client.GetFollowingPagesAsync(me.AccessToken, me.UserId, maxResults: 7))
        {
            Assert.InRange(page.Data.Count, 1, 7);
            ids.AddRange(page.Data.Select(u => u.Id));
        }

        var truth = await s.Admin.FollowingAsync(me.UserId);
        Assert.True(truth.Count > 7, "the demo account should follow more than one page");
        Assert.Equal(truth.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Follow_unfollow_mute_unmute_change_the_sandbox_state()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        var target = s.Sandbox.SignableAccounts.Count > 1
            ? s.Sandbox.SignableAccounts[1].Id
            : (await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery())).Data.First(e => e.SenderId != me.UserId).SenderId!;
        if ((await s.Admin.FollowingAsync(me.UserId)).Contains(target))
        {
            await s.Client.UnfollowAsync(me.AccessToken, me.UserId, target);
        }

        var follow = await s.Client.FollowAsync(me.AccessToken, me.UserId, target);
        Assert.True(follow.Data!.Following || follow.Data.PendingFollow == true);
        Assert.Contains(target, await s.Admin.FollowingAsync(me.UserId));

        var unfollow = await s.Client.UnfollowAsync(me.AccessToken, me.UserId, target);
        Assert.False(unfollow.Data!.Following);
        Assert.DoesNotContain(target, await s.Admin.FollowingAsync(me.UserId));
        Assert.False((await s.Client.UnfollowAsync(me.AccessToken, me.UserId, target)).Data!.Following);

        Assert.True((await s.Client.MuteAsync(me.AccessToken, me.UserId, target)).Data!.Muting);
        Assert.False((await s.Client.UnmuteAsync(me.AccessToken, me.UserId, target)).Data!.Muting);
    }

    [Fact]
    public async Task Responses_carry_rate_limit_headers_and_the_16th_dm_read_in_a_window_is_429_with_its_reset()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();

        var first = await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 1 });
        Assert.Equal(15, first.RateLimit.Limit);
        Assert.Equal(14, first.RateLimit.Remaining);
        Assert.NotNull(first.RateLimit.Reset);
        var second = await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 1 });
        Assert.Equal(13, second.RateLimit.Remaining);
        for (var i = 0; i < 13; i++)
        {
            await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 1 });
        }

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(
            () => s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 1 }));

        Assert.Equal(first.RateLimit.Reset, ex.ResetAt);
        Assert.False(ex.ResetAtIsEstimate);
        Assert.Equal(0, ex.RateLimit.Remaining);
    }

    [Fact]
    public async Task Injected_429_is_not_retried_and_gives_the_reset_time()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.UsersMe, "429", 2);

        var ex = await Assert.ThrowsAsync<XRateLimitedException>(() => s.Client.GetMeAsync(me.AccessToken));

        Assert.False(ex.ResetAtIsEstimate);
        Assert.True(ex.ResetAt > DateTimeOffset.UtcNow);
        Assert.Equal(1, await s.Admin.FaultsRemainingAsync(RouteKeys.UsersMe));
    }

    [Fact]
    public async Task Read_after_503_is_retried_and_succeeds()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.DmEvents, "503");

        var page = await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 5 });

        Assert.Equal(5, page.Data.Count);
        Assert.Equal(0, await s.Admin.FaultsRemainingAsync(RouteKeys.DmEvents));
    }

    [Fact]
    public async Task Unfollow_after_503_is_not_retried_and_the_account_is_still_followed()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        var target = (await s.Admin.FollowingAsync(me.UserId))[0];
        await s.Admin.AddFaultAsync(RouteKeys.Unfollow, "503", 2);

        var ex = await Assert.ThrowsAsync<XApiException>(() => s.Client.UnfollowAsync(me.AccessToken, me.UserId, target));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1, await s.Admin.FaultsRemainingAsync(RouteKeys.Unfollow));
        Assert.Contains(target, await s.Admin.FollowingAsync(me.UserId));
    }

    [Fact]
    public async Task Hanging_read_times_out_per_attempt_and_the_retry_succeeds()
    {
        await using var s = await SandboxSession.StartAsync(client: o => o.AttemptTimeout = SandboxSession.HangAttemptTimeout);
        var me = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.UsersMe, "hang");

        var result = await s.Client.GetMeAsync(me.AccessToken);

        Assert.Equal(me.UserId, result.Data!.Id);
        Assert.Equal(0, await s.Admin.FaultsRemainingAsync(RouteKeys.UsersMe));
    }

    [Fact]
    public async Task Hanging_unfollow_times_out_without_a_retry()
    {
        await using var s = await SandboxSession.StartAsync(client: o => o.AttemptTimeout = SandboxSession.HangAttemptTimeout);
        var me = await s.SignInAsync();
        var target = (await s.Admin.FollowingAsync(me.UserId))[0];
        await s.Admin.AddFaultAsync(RouteKeys.Unfollow, "hang", 2);

        await Assert.ThrowsAsync<XApiTimeoutException>(() => s.Client.UnfollowAsync(me.AccessToken, me.UserId, target));

        Assert.Equal(1, await s.Admin.FaultsRemainingAsync(RouteKeys.Unfollow));
    }

    [Fact]
    public async Task Cancelling_a_hanging_read_throws_OperationCanceledException()
    {
        await using var s = await SandboxSession.StartAsync(client: o => { o.AttemptTimeout = TimeSpan.FromSeconds(20); o.TotalRequestTimeout = TimeSpan.FromSeconds(30); });
        var me = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.DmEvents, "hang");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery(), cts.Token));

        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task Malformed_body_becomes_XApiMalformedResponseException()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.DmEvents, "malformed");

        var ex = await Assert.ThrowsAsync<XApiMalformedResponseException>(
            () => s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 10 }));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Contains("invalid or truncated JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_read_is_retried_and_succeeds()
    {
        // The sandbox sends half the body and resets the connection; the reset reaches the client as a transport
        // failure (the cut-JSON case is covered with a fixture), which a read retries.
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        await s.Admin.AddFaultAsync(RouteKeys.DmEvents, "truncated");

        var page = await s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery { MaxResults = 10 });

        Assert.Equal(10, page.Data.Count);
        Assert.Equal(0, await s.Admin.FaultsRemainingAsync(RouteKeys.DmEvents));
    }

    [Fact]
    public async Task Truncated_unfollow_is_not_retried_and_surfaces_as_XApiException()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();
        var target = (await s.Admin.FollowingAsync(me.UserId))[0];
        await s.Admin.AddFaultAsync(RouteKeys.Unfollow, "truncated", 2);

        var ex = await Assert.ThrowsAnyAsync<XApiException>(() => s.Client.UnfollowAsync(me.AccessToken, me.UserId, target));

        Assert.Null(ex.StatusCode);
        Assert.Equal(1, await s.Admin.FaultsRemainingAsync(RouteKeys.Unfollow));
    }

    [Fact]
    public async Task Token_without_a_scope_gets_403()
    {
        await using var s = await SandboxSession.StartAsync(client: o => o.Scopes = ["tweet.read", "users.read", "offline.access"]);
        var me = await s.SignInAsync();

        var ex = await Assert.ThrowsAsync<XForbiddenException>(() => s.Client.GetDmEventsPageAsync(me.AccessToken, new XDmEventsQuery()));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.NotNull(ex.Detail);
    }

    [Fact]
    public async Task Unknown_participant_is_404()
    {
        await using var s = await SandboxSession.StartAsync();
        var me = await s.SignInAsync();

        await Assert.ThrowsAsync<XNotFoundException>(
            () => s.Client.GetDmConversationWithEventsPageAsync(me.AccessToken, "1999999999999999999", new XDmEventsQuery()));
    }
}
