using System.Net;
using System.Text.Json.Nodes;
using AutoDmGuard.Testing.OpenApi;
using AutoDmGuard.XApi.Tests.Infrastructure;

namespace AutoDmGuard.XApi.Tests.Contract;

/// <summary>
/// Our client against response bodies generated from X's OpenAPI document (<see cref="SpecInstances"/>): the maximal
/// shape (every field the spec knows, including ones the client never reads, int64 counts past int32) and the minimal
/// shape (only what the spec requires plus X's default fields). Each body is first validated against the spec, then
/// served to the client, and what the client returns is compared with what was sent.
/// </summary>
public sealed class SpecShapedResponseTests
{
    private const string Me = "1600000000000000001";
    private const string Other = "1600000000000000002";

    public static TheoryData<bool> Shapes => new() { true, false };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Users_me_reads_every_spec_valid_user(bool maximal)
    {
        var body = Body("#/components/schemas/GetUsersMeResponse", maximal);
        using var x = Serve(body);

        var me = await x.Client.GetMeAsync(StubbedXApi.Token);

        AssertUser(body["data"]!, me.Data!, maximal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Users_lookup_reads_every_spec_valid_page(bool maximal)
    {
        var body = Body("#/components/schemas/GetUsersByIdsResponse", maximal);
        using var x = Serve(body);

        var users = await x.Client.GetUsersAsync(StubbedXApi.Token, [Me, Other]);

        AssertUsers(body["data"]!.AsArray(), users.Data, maximal);
        AssertErrors(body, users.Errors);
        AssertIncludes(body, users.Includes, maximal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Following_reads_every_spec_valid_page(bool maximal)
    {
        var body = Body("#/components/schemas/GetUsersFollowingResponse", maximal);
        using var x = Serve(body);

        var page = await x.Client.GetFollowingPageAsync(StubbedXApi.Token, Me);

        AssertUsers(body["data"]!.AsArray(), page.Data, maximal);
        AssertMeta(body, page.Meta);
        AssertErrors(body, page.Errors);
    }

    [Theory]
    [InlineData("#/components/schemas/GetDirectMessagesEventsResponse", "all", true)]
    [InlineData("#/components/schemas/GetDirectMessagesEventsResponse", "all", false)]
    [InlineData("#/components/schemas/GetDirectMessagesEventsByParticipantIdResponse", "with", true)]
    [InlineData("#/components/schemas/GetDirectMessagesEventsByParticipantIdResponse", "with", false)]
    [InlineData("#/components/schemas/GetDirectMessagesEventsByConversationIdResponse", "conversation", true)]
    [InlineData("#/components/schemas/GetDirectMessagesEventsByConversationIdResponse", "conversation", false)]
    public async Task Dm_lookups_read_every_spec_valid_page(string schema, string endpoint, bool maximal)
    {
        var body = Body(schema, maximal);
        using var x = Serve(body);
        var query = new XDmEventsQuery();

        var page = endpoint switch
        {
            "all" => await x.Client.GetDmEventsPageAsync(StubbedXApi.Token, query),
            "with" => await x.Client.GetDmConversationWithEventsPageAsync(StubbedXApi.Token, Other, query),
            _ => await x.Client.GetDmConversationEventsPageAsync(StubbedXApi.Token, $"{Me}-{Other}", query),
        };

        var sent = body["data"]!.AsArray();
        Assert.Equal(sent.Count, page.Data.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            AssertEvent(sent[i]!, page.Data[i], maximal);
        }

        AssertMeta(body, page.Meta);
        AssertErrors(body, page.Errors);
        AssertIncludes(body, page.Includes, maximal);
    }

    [Theory]
    [InlineData("follow", true)]
    [InlineData("follow", false)]
    [InlineData("unfollow", true)]
    [InlineData("unfollow", false)]
    public async Task Follow_and_unfollow_read_every_spec_valid_answer(string action, bool maximal)
    {
        var body = Body(action == "follow" ? "#/components/schemas/FollowUserResponse" : "#/components/schemas/UnfollowUserResponse", maximal);
        using var x = Serve(body);

        var result = action == "follow"
            ? await x.Client.FollowAsync(StubbedXApi.Token, Me, Other)
            : await x.Client.UnfollowAsync(StubbedXApi.Token, Me, Other);

        Assert.Equal(body["data"]!["following"]!.GetValue<bool>(), result.Data!.Following);
        Assert.Equal(body["data"]!["pending_follow"]?.GetValue<bool>(), result.Data.PendingFollow);
        AssertErrors(body, result.Errors);
    }

    [Theory]
    [InlineData("mute", true)]
    [InlineData("mute", false)]
    [InlineData("unmute", true)]
    [InlineData("unmute", false)]
    public async Task Mute_and_unmute_read_every_spec_valid_answer(string action, bool maximal)
    {
        var body = Body(action == "mute" ? "#/components/schemas/MuteUserResponse" : "#/components/schemas/UnmuteUserResponse", maximal);
        using var x = Serve(body);

        var result = action == "mute"
            ? await x.Client.MuteAsync(StubbedXApi.Token, Me, Other)
            : await x.Client.UnmuteAsync(StubbedXApi.Token, Me, Other);

        Assert.Equal(body["data"]!["muting"]!.GetValue<bool>(), result.Data!.Muting);
        AssertErrors(body, result.Errors);
    }

    /// <summary>Each problem kind the spec defines, as a 400: a typed error carrying the problem, never "malformed".</summary>
    [Fact]
    public async Task Every_problem_kind_of_the_spec_is_read_as_a_problem()
    {
        var spec = XApiSpec.Instance;
        var kinds = spec.Original["components"]!["schemas"]!["Problem"]!["oneOf"]!.AsArray().Select(b => b!["$ref"]!.GetValue<string>()).ToList();
        Assert.True(kinds.Count >= 9, $"the spec lists {kinds.Count} problem kinds");
        foreach (var kind in kinds)
        {
            foreach (var maximal in new[] { true, false })
            {
                var body = (JsonObject)(maximal ? SpecInstances.Maximal(spec, kind) : SpecInstances.Minimal(spec, kind));
                var errors = spec.Validate(System.Text.Json.JsonSerializer.SerializeToElement(body), "#/components/schemas/Problem");
                Assert.True(errors.Count == 0, $"{kind}: {string.Join("; ", errors)}");
                using var x = StubbedXApi.Create();
                x.Handler.Respond(HttpStatusCode.BadRequest, body.ToJsonString(), "application/problem+json");

                var error = await Assert.ThrowsAnyAsync<XApiException>(() => x.Client.GetMeAsync(StubbedXApi.Token));

                Assert.IsNotType<XApiMalformedResponseException>(error);
                Assert.Equal(body["type"]!.GetValue<string>(), error.Problem!.Type);
                Assert.Equal(body["detail"]!.GetValue<string>(), error.Problem.Detail);
            }
        }
    }

    private static JsonObject Body(string schema, bool maximal)
    {
        var spec = XApiSpec.Instance;
        var body = (JsonObject)(maximal ? SpecInstances.Maximal(spec, schema) : SpecInstances.Minimal(spec, schema));
        if (!maximal)
        {
            // X answers a lookup with data (or errors); the schema marks data optional, so the minimal shape gets one
            // minimal item where the response has a data array or object, to check the item as well.
            var data = spec.Resolve(new JsonObject { ["$ref"] = schema })["properties"]!["data"]!.AsObject();
            body["data"] = data["type"]?.GetValue<string>() == "array"
                ? new JsonArray(SpecInstances.Minimal(spec, data["items"]!["$ref"]!.GetValue<string>()))
                : SpecInstances.Minimal(spec, data["$ref"]!.GetValue<string>());
        }

        var errors = spec.Validate(System.Text.Json.JsonSerializer.SerializeToElement(body), schema);
        Assert.True(errors.Count == 0, $"generated {schema} is not spec-valid: {string.Join("; ", errors)}");
        return body;
    }

    private static StubbedXApi Serve(JsonObject body)
    {
        var x = StubbedXApi.Create();
        x.Handler.Respond(HttpStatusCode.OK, body.ToJsonString(), "application/json");
        return x;
    }

    private static void AssertUsers(JsonArray sent, IReadOnlyList<XUser> read, bool maximal)
    {
        Assert.Equal(sent.Count, read.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            AssertUser(sent[i]!, read[i], maximal);
        }
    }

    private static void AssertUser(JsonNode sent, XUser read, bool maximal)
    {
        Assert.Equal(sent["id"]!.GetValue<string>(), read.Id);
        Assert.Equal(sent["username"]!.GetValue<string>(), read.Username);
        Assert.Equal(sent["name"]!.GetValue<string>(), read.Name);
        Assert.Equal(sent["description"]?.GetValue<string>(), read.Description);
        Assert.Equal(sent["profile_image_url"]?.GetValue<string>(), read.ProfileImageUrl);
        Assert.Equal(sent["verified"]?.GetValue<bool>(), read.Verified);
        Assert.Equal(sent["protected"]?.GetValue<bool>(), read.Protected);
        Assert.Equal(sent["created_at"] is null ? null : DateTimeOffset.Parse(sent["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), read.CreatedAt);
        if (maximal)
        {
            var metrics = sent["public_metrics"]!;
            Assert.Equal<long?>(metrics["followers_count"]!.GetValue<long>(), read.PublicMetrics!.FollowersCount);
            Assert.Equal<long?>(metrics["following_count"]!.GetValue<long>(), read.PublicMetrics.FollowingCount);
            Assert.Equal<long?>(metrics["post_count"]!.GetValue<long>(), read.PublicMetrics.PostCount);
            Assert.Equal<long?>(metrics["listed_count"]!.GetValue<long>(), read.PublicMetrics.ListedCount);
            Assert.Equal<long?>(metrics["like_count"]!.GetValue<long>(), read.PublicMetrics.LikeCount);
            Assert.Equal<long?>(metrics["media_count"]!.GetValue<long>(), read.PublicMetrics.MediaCount);
        }
        else
        {
            Assert.Null(read.PublicMetrics);
        }
    }

    private static void AssertEvent(JsonNode sent, XDmEvent read, bool maximal)
    {
        Assert.Equal(sent["id"]!.GetValue<string>(), read.Id);
        Assert.Equal(sent["event_type"]!.GetValue<string>(), read.EventType);
        Assert.Equal(sent["text"]!.GetValue<string>(), read.Text);
        Assert.Equal(sent["sender_id"]?.GetValue<string>(), read.SenderId);
        Assert.Equal(sent["dm_conversation_id"]?.GetValue<string>(), read.DmConversationId);
        Assert.Equal(sent["created_at"] is null ? null : DateTimeOffset.Parse(sent["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), read.CreatedAt);
        Assert.Equal(sent["participant_ids"]?.AsArray().Select(p => p!.GetValue<string>()) ?? [], read.ParticipantIds);
        Assert.Equal(sent["referenced_posts"]?.AsArray().Select(p => p!["id"]!.GetValue<string>()) ?? [], read.ReferencedPosts.Select(p => p.Id));
        Assert.Equal(sent["attachments"]?["media_keys"]?.AsArray().Select(k => k!.GetValue<string>()), read.Attachments?.MediaKeys);
        Assert.Equal(maximal, read.Attachments is not null);
    }

    private static void AssertMeta(JsonObject sent, XMeta read)
    {
        Assert.Equal(sent["meta"]?["next_token"]?.GetValue<string>(), read.NextToken);
        Assert.Equal(sent["meta"]?["previous_token"]?.GetValue<string>(), read.PreviousToken);
        Assert.Equal(sent["meta"]?["result_count"]?.GetValue<int>() ?? 0, read.ResultCount);
    }

    private static void AssertErrors(JsonObject sent, IReadOnlyList<XProblem> read)
    {
        var errors = sent["errors"]?.AsArray() ?? [];
        Assert.Equal(errors.Count, read.Count);
        Assert.Equal(errors.Select(e => e!["type"]!.GetValue<string>()), read.Select(e => e.Type));
    }

    private static void AssertIncludes(JsonObject sent, XIncludes read, bool maximal)
    {
        var users = sent["includes"]?["users"]?.AsArray() ?? [];
        AssertUsers(users, read.Users, maximal);
        Assert.Equal(sent["includes"]?["posts"]?.AsArray().Select(p => p!["id"]!.GetValue<string>()) ?? [], read.Posts.Select(p => p.Id));
        Assert.Equal(sent["includes"]?["media"]?.AsArray().Select(m => m!["media_key"]!.GetValue<string>()) ?? [], read.Media.Select(m => m.MediaKey));
    }
}
