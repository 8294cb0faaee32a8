using System.Net;
using AutoDmGuard.XApi.Tests.Infrastructure;

namespace AutoDmGuard.XApi.Tests.Client;

public sealed class XApiClientParsingTests
{
    private static readonly Dictionary<string, string> RateHeaders = new()
    {
        ["x-rate-limit-limit"] = "15",
        ["x-rate-limit-remaining"] = "14",
        ["x-rate-limit-reset"] = "1770712212",
        ["x-user-limit-24hour-limit"] = "1000",
        ["x-user-limit-24hour-remaining"] = "998",
        ["x-user-limit-24hour-reset"] = "1770798612",
        ["x-transaction-id"] = "tx-123",
    };

    [Fact]
    public async Task GetMe_reads_user_fields_and_sends_bearer_token_and_user_fields()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("users_me.json", headers: RateHeaders);

        var me = await x.Client.GetMeAsync(StubbedXApi.Token);

        var user = Assert.IsType<XUser>(me.Data);
        Assert.Equal("1600000000000000001", user.Id);
        Assert.Equal("demo_account", user.Username);
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 9, 15, 0, TimeSpan.Zero), user.CreatedAt);
        Assert.Equal(17, user.PublicMetrics?.FollowingCount);
        Assert.False(user.Protected);
        var request = Assert.Single(x.Handler.Requests);
        Assert.Equal("https://api.x.test/2/users/me", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("Bearer test-access-token", request.Authorization);
        Assert.Equal(XDmEventsQuery.DefaultUserFields, request.Query("user.fields"));
    }

    [Fact]
    public async Task Every_response_exposes_its_rate_limit_headers_including_24_hour_ones()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("users_me.json", headers: RateHeaders);

        var me = await x.Client.GetMeAsync(StubbedXApi.Token);

        Assert.Equal(15, me.RateLimit.Limit);
        Assert.Equal(14, me.RateLimit.Remaining);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770712212), me.RateLimit.Reset);
        Assert.Equal(new XRateLimitBucket(1000, 998, DateTimeOffset.FromUnixTimeSeconds(1770798612)), me.RateLimit.User24Hour);
        Assert.Null(me.RateLimit.App24Hour);
        Assert.Equal("tx-123", me.RateLimit.TransactionId);
        Assert.False(me.RateLimit.IsExhausted);
    }

    [Fact]
    public async Task Users_lookup_keeps_partial_errors_beside_data()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("users_lookup_partial.json");

        var users = await x.Client.GetUsersAsync(StubbedXApi.Token, ["1600000000000000002", "1600000000000000009"]);

        Assert.Equal("second_demo", Assert.Single(users.Data).Username);
        var error = Assert.Single(users.Errors);
        Assert.Equal("resource-not-found", error.ProblemType);
        Assert.Equal("1600000000000000009", error.ResourceId);
        Assert.Equal("1600000000000000002,1600000000000000009", Assert.Single(x.Handler.Requests).Query("ids"));
    }

    [Fact]
    public async Task Dm_page_reads_every_requested_field_with_ids_as_strings_and_times_in_utc()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_page.json");

        var page = await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery());

        Assert.Equal(2, page.Data.Count);
        var message = page.Data[0];
        Assert.Equal("1890000000000000222", message.Id);
        Assert.True(message.IsMessage);
        Assert.Equal("see you at 10", message.Text);
        Assert.Equal("1600000000000000002", message.SenderId);
        Assert.Equal("1600000000000000001-1600000000000000002", message.DmConversationId);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 8, 30, 12, TimeSpan.Zero), message.CreatedAt);
        Assert.Equal(["3_1890000000000000300"], message.Attachments?.MediaKeys);
        Assert.Equal("1880000000000000001", Assert.Single(message.ReferencedTweets).Id);

        var join = page.Data[1];
        Assert.Equal("ParticipantsJoin", join.EventType);
        Assert.Equal(["1600000000000000007"], join.ParticipantIds);
        Assert.Equal(TimeSpan.Zero, join.CreatedAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 7, 2, 44, TimeSpan.Zero), join.CreatedAt);

        Assert.True(page.Includes.FindUser("1600000000000000002")?.Verified);
        Assert.Equal(4000, page.Includes.FindUser("1600000000000000002")?.PublicMetrics?.FollowingCount);
        Assert.Equal("photo", Assert.Single(page.Includes.Media).Type);
        Assert.Equal("a shared post", Assert.Single(page.Includes.AllPosts).Text);
        Assert.Equal(2, page.Meta.ResultCount);
        Assert.Equal("18A2B3C4D5E6F7G8H9", page.Meta.NextToken);
        Assert.Equal("08A2B3C4D5E6F7G8H9", page.Meta.PreviousToken);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Dm_page_request_asks_for_the_default_fields_and_expansions()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_page.json");

        await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery { MaxResults = 7, PaginationToken = "TOKEN+/=0000000000" });

        var request = Assert.Single(x.Handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/2/dm_events", request.Uri.AbsolutePath);
        Assert.Equal("id,text,event_type,created_at,dm_conversation_id,sender_id,participant_ids,attachments,referenced_tweets", request.Query("dm_event.fields"));
        Assert.Equal("sender_id,participant_ids", request.Query("expansions"));
        Assert.Equal("created_at,description,public_metrics,verified,protected,profile_image_url,url", request.Query("user.fields"));
        Assert.Equal("7", request.Query("max_results"));
        Assert.Equal("TOKEN+/=0000000000", request.Query("pagination_token"));
    }

    [Fact]
    public async Task Dm_page_accepts_the_renamed_post_fields()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_post_names.json");

        var page = await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery());

        Assert.Equal("1880000000000000005", Assert.Single(Assert.Single(page.Data).ReferencedPosts).Id);
        Assert.Equal("renamed include", Assert.Single(page.Includes.AllPosts).Text);
    }

    [Fact]
    public async Task Empty_dm_page_without_data_reads_as_no_events()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_empty.json");

        var page = await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery());

        Assert.Empty(page.Data);
        Assert.Empty(page.Includes.Users);
        Assert.Null(page.Meta.NextToken);
        Assert.Equal(0, page.Meta.ResultCount);
    }

    [Fact]
    public async Task Partial_errors_with_odd_value_types_are_surfaced_not_dropped()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_partial_errors.json");

        var page = await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery());

        Assert.Single(page.Data);
        Assert.Equal(2, page.Errors.Count);
        Assert.Equal("resource-not-found", page.Errors[0].ProblemType);
        Assert.Equal("includes", page.Errors[0].Section);
        Assert.Equal("not-authorized-for-resource", page.Errors[1].ProblemType);
        Assert.Equal("1600000000000000010", page.Errors[1].ResourceId);
        Assert.Equal("[\"1600000000000000010\"]", page.Errors[1].Value);
        Assert.Equal(404, page.Errors[1].Status);
    }

    [Fact]
    public async Task Conversation_scoped_lookups_use_their_routes()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_page.json").RespondJson("dm_events_page.json");

        await x.Client.GetDmConversationWithEventsPageAsync(StubbedXApi.Token, "1600000000000000002", new XDmEventsQuery());
        await x.Client.GetDmConversationEventsPageAsync(StubbedXApi.Token, "1600000000000000001-1600000000000000002", new XDmEventsQuery());

        Assert.Equal("/2/dm_conversations/with/1600000000000000002/dm_events", x.Handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("/2/dm_conversations/1600000000000000001-1600000000000000002/dm_events", x.Handler.Requests[1].Uri.AbsolutePath);
    }

    [Fact]
    public async Task Ids_that_are_not_numeric_are_refused_before_any_request()
    {
        using var x = StubbedXApi.Create();

        await Assert.ThrowsAsync<ArgumentException>(() => x.Client.UnfollowAsync(StubbedXApi.Token, "1600000000000000001", "../../oauth2/revoke"));
        await Assert.ThrowsAsync<ArgumentException>(() => x.Client.GetDmConversationEventsPageAsync(StubbedXApi.Token, "1-x", new XDmEventsQuery()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => x.Client.GetDmEventsPageAsync(StubbedXApi.Token, new XDmEventsQuery { MaxResults = 101 }));
        Assert.Empty(x.Handler.Requests);
    }

    [Fact]
    public async Task Dm_pages_follow_next_token_until_the_last_page()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("dm_events_page.json").RespondJson("dm_events_post_names.json");

        var pages = new List<XListResponse<XDmEvent>>();
        await foreach (var page in x.Client.GetDmEventPagesAsync(StubbedXApi.Token, new XDmEventsQuery()))
        {
            pages.Add(page);
        }

        Assert.Equal(2, pages.Count);
        Assert.Null(x.Handler.Requests[0].Query("pagination_token"));
        Assert.Equal("18A2B3C4D5E6F7G8H9", x.Handler.Requests[1].Query("pagination_token"));
    }

    [Fact]
    public async Task Following_pages_through_with_pagination_token()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("following_page.json").RespondJson("dm_events_empty.json");

        var users = new List<XUser>();
        await foreach (var page in x.Client.GetFollowingPagesAsync(StubbedXApi.Token, "1600000000000000001"))
        {
            users.AddRange(page.Data);
        }

        Assert.Equal(["second_demo", "third_demo"], users.Select(u => u.Username));
        Assert.Equal("/2/users/1600000000000000001/following", x.Handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("1000", x.Handler.Requests[0].Query("max_results"));
        Assert.Equal("FOLLOWING0000002", x.Handler.Requests[1].Query("pagination_token"));
    }

    [Fact]
    public async Task Follow_and_mute_post_target_user_id_as_json_and_unfollow_unmute_delete()
    {
        using var x = StubbedXApi.Create();
        x.Handler.RespondJson("follow.json").RespondJson("unfollow.json").RespondJson("mute.json").RespondJson("unmute.json");

        var follow = await x.Client.FollowAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002");
        var unfollow = await x.Client.UnfollowAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002");
        var mute = await x.Client.MuteAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002");
        var unmute = await x.Client.UnmuteAsync(StubbedXApi.Token, "1600000000000000001", "1600000000000000002");

        Assert.True(follow.Data!.Following);
        Assert.False(follow.Data.PendingFollow);
        Assert.False(unfollow.Data!.Following);
        Assert.True(mute.Data!.Muting);
        Assert.False(unmute.Data!.Muting);
        var requests = x.Handler.Requests;
        Assert.Equal((HttpMethod.Post, "/2/users/1600000000000000001/following"), (requests[0].Method, requests[0].Uri.AbsolutePath));
        Assert.Equal("{\"target_user_id\":\"1600000000000000002\"}", requests[0].Body);
        Assert.Equal("application/json", requests[0].ContentType);
        Assert.Equal((HttpMethod.Delete, "/2/users/1600000000000000001/following/1600000000000000002"), (requests[1].Method, requests[1].Uri.AbsolutePath));
        Assert.Equal((HttpMethod.Post, "/2/users/1600000000000000001/muting"), (requests[2].Method, requests[2].Uri.AbsolutePath));
        Assert.Equal((HttpMethod.Delete, "/2/users/1600000000000000001/muting/1600000000000000002"), (requests[3].Method, requests[3].Uri.AbsolutePath));
    }

    [Fact]
    public async Task Single_object_response_without_data_throws_with_the_error()
    {
        using var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, Fixture.Read("users_lookup_partial.json").Replace("\"data\"", "\"ignored\"", StringComparison.Ordinal), "application/json");

        var ex = await Assert.ThrowsAsync<XApiException>(() => x.Client.GetMeAsync(StubbedXApi.Token));

        Assert.Equal("resource-not-found", ex.ProblemType);
    }
}
