using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoDmGuard.XApiSandbox;

/// <summary>The /2 API routes (docs/sandbox.md, Routes).</summary>
internal static partial class ApiEndpoints
{
    private static readonly string[] UserScopes = [OAuthScopes.TweetRead, OAuthScopes.UsersRead];
    private static readonly string[] DmScopes = [OAuthScopes.DmRead, OAuthScopes.TweetRead, OAuthScopes.UsersRead];
    private static readonly string[] FollowsReadScopes = [OAuthScopes.FollowsRead, OAuthScopes.TweetRead, OAuthScopes.UsersRead];
    private static readonly string[] FollowsWriteScopes = [OAuthScopes.FollowsWrite, OAuthScopes.TweetRead, OAuthScopes.UsersRead];
    private static readonly string[] MuteReadScopes = [OAuthScopes.MuteRead, OAuthScopes.TweetRead, OAuthScopes.UsersRead];
    private static readonly string[] MuteWriteScopes = [OAuthScopes.MuteWrite, OAuthScopes.TweetRead, OAuthScopes.UsersRead];

    public static void MapXApi(this IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapGet("/2/users/me", ctx => MeAsync(ctx, rt)).WithMetadata(new XRoute(RouteKeys.UsersMe, UserScopes));
        app.MapGet("/2/users", ctx => UsersAsync(ctx, rt)).WithMetadata(new XRoute(RouteKeys.UsersLookup, UserScopes));
        app.MapGet("/2/dm_events", ctx => DmLookupAsync(ctx, rt, (me, q) => rt.World.DmEventsOf(me, q)))
            .WithMetadata(new XRoute(RouteKeys.DmEvents, DmScopes));
        app.MapGet("/2/dm_conversations/with/{participant_id}/dm_events", ctx => WithParticipantAsync(ctx, rt))
            .WithMetadata(new XRoute(RouteKeys.DmWithParticipant, DmScopes));
        app.MapGet("/2/dm_conversations/{dm_conversation_id}/dm_events", ctx => ByConversationAsync(ctx, rt))
            .WithMetadata(new XRoute(RouteKeys.DmByConversation, DmScopes));
        app.MapGet("/2/users/{id}/following", ctx => UserListAsync(ctx, rt, rt.World.FollowingOf))
            .WithMetadata(new XRoute(RouteKeys.FollowingList, FollowsReadScopes));
        app.MapPost("/2/users/{id}/following", ctx => RelationWriteAsync(ctx, rt, "following", create: true, rt.World.Follow, rt.World.Unfollow))
            .WithMetadata(new XRoute(RouteKeys.Follow, FollowsWriteScopes));
        app.MapDelete("/2/users/{source_user_id}/following/{target_user_id}", ctx => RelationWriteAsync(ctx, rt, "following", create: false, rt.World.Follow, rt.World.Unfollow))
            .WithMetadata(new XRoute(RouteKeys.Unfollow, FollowsWriteScopes));
        app.MapGet("/2/users/{id}/muting", ctx => UserListAsync(ctx, rt, rt.World.MutingOf))
            .WithMetadata(new XRoute(RouteKeys.MutingList, MuteReadScopes));
        app.MapPost("/2/users/{id}/muting", ctx => RelationWriteAsync(ctx, rt, "muting", create: true, rt.World.Mute, rt.World.Unmute))
            .WithMetadata(new XRoute(RouteKeys.Mute, MuteWriteScopes));
        app.MapDelete("/2/users/{source_user_id}/muting/{target_user_id}", ctx => RelationWriteAsync(ctx, rt, "muting", create: false, rt.World.Mute, rt.World.Unmute))
            .WithMetadata(new XRoute(RouteKeys.Unmute, MuteWriteScopes));
    }

    private static AccessGrant Grant(HttpContext ctx) => (AccessGrant)ctx.Items[ApiGate.GrantItem]!;

    private static Task MeAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var q = new QueryReader(ctx.Request.Query).Allow("user.fields", "expansions", "tweet.fields", "post.fields");
        var fields = ReadUserParameters(q);
        if (q.Error is not null)
        {
            return rt.Problems.InvalidRequestAsync(ctx, q.Error);
        }

        var me = rt.World.FindUser(Grant(ctx).UserId);
        if (me is null)
        {
            return Problems.UnauthorizedAsync(ctx);
        }

        return XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            XWriters.WriteUser(w, me, fields);
            w.WriteEndObject();
        });
    }

    private static Task UsersAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var q = new QueryReader(ctx.Request.Query).Allow("ids", "user.fields", "expansions", "tweet.fields", "post.fields");
        var fields = ReadUserParameters(q);
        var raw = q.String("ids") ?? string.Empty;
        var ids = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            q.Fail("ids", raw, "The `ids` query parameter can not be empty");
        }
        else if (ids.Count > 100)
        {
            q.Fail("ids", raw, $"The `ids` query parameter value [{ids.Count} ids] is not between 1 and 100 ids");
        }

        foreach (var id in ids.Where(i => !UserIdPattern().IsMatch(i)))
        {
            q.Fail("ids", id, $"The `ids` query parameter value [{id}] does not match ^[0-9]{{1,19}}$");
        }

        if (q.Error is not null)
        {
            return rt.Problems.InvalidRequestAsync(ctx, q.Error);
        }

        var found = ids.Select(id => (id, user: rt.World.FindUser(id))).ToList();
        return XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            if (found.Exists(f => f.user is not null))
            {
                w.WriteStartArray("data");
                foreach (var (_, user) in found.Where(f => f.user is not null))
                {
                    XWriters.WriteUser(w, user!, fields);
                }

                w.WriteEndArray();
            }

            if (found.Exists(f => f.user is null))
            {
                w.WriteStartArray("errors");
                foreach (var (id, _) in found.Where(f => f.user is null))
                {
                    rt.Problems.WriteNotFound(w, "ids", id, "user", section: null);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    private static Task WithParticipantAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var participant = (string)ctx.Request.RouteValues["participant_id"]!;
        if (!UserIdPattern().IsMatch(participant))
        {
            return rt.Problems.InvalidRequestAsync(ctx, "participant_id", participant,
                $"The `participant_id` path parameter value [{participant}] does not match ^[0-9]{{1,19}}$");
        }

        if (rt.World.FindUser(participant) is null)
        {
            return rt.Problems.NotFoundAsync(ctx, "participant_id", participant);
        }

        var me = Grant(ctx).UserId;
        var conversation = SandboxWorld.OneToOneConversationId(me, participant);
        return DmLookupAsync(ctx, rt, (user, q) => rt.World.ConversationEvents(user, conversation, q));
    }

    private static Task ByConversationAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var conversation = (string)ctx.Request.RouteValues["dm_conversation_id"]!;
        if (!ConversationIdPattern().IsMatch(conversation))
        {
            return rt.Problems.InvalidRequestAsync(ctx, "dm_conversation_id", conversation,
                $"The `dm_conversation_id` path parameter value [{conversation}] does not match ^([0-9]{{1,19}}-[0-9]{{1,19}}|[0-9]{{15,19}})$");
        }

        return DmLookupAsync(ctx, rt, (user, q) => rt.World.ConversationEvents(user, conversation, q));
    }

    private static Task DmLookupAsync(HttpContext ctx, SandboxRuntime rt, Func<string, DmQuery, Page<DmEvent, EventKey>> source)
    {
        var q = new QueryReader(ctx.Request.Query).Allow(
            "max_results", "pagination_token", "event_types", "dm_event.fields", "expansions", "user.fields",
            "tweet.fields", "post.fields", "media.fields");
        var maxResults = q.Int("max_results", 1, 100, 100);
        var eventTypes = (IReadOnlySet<string>?)q.List("event_types", FieldSets.EventTypes) ?? FieldSets.EventTypes.ToHashSet(StringComparer.Ordinal);
        var fields = q.List("dm_event.fields", FieldSets.DmEventFields);
        var expansions = q.List("expansions", FieldSets.DmExpansions) ?? [];
        var userFields = q.List("user.fields", FieldSets.UserFields);
        q.List("tweet.fields", FieldSets.PostFields);
        q.List("post.fields", FieldSets.PostFields);
        q.List("media.fields", FieldSets.MediaFields);
        var cursor = q.PaginationToken<EventKey>(PageToken.TryReadEvents);

        if (q.Error is not null)
        {
            return rt.Problems.InvalidRequestAsync(ctx, q.Error);
        }

        var me = Grant(ctx).UserId;
        var now = rt.Now;
        var page = source(me, new DmQuery(maxResults, cursor, eventTypes, now - rt.Options.DmHistoryWindow, now));
        rt.Billing.Record(me, now, page.Items);

        var expandedIds = new List<string>();
        foreach (var evt in page.Items)
        {
            if (expansions.Contains("sender_id") && evt.SenderId is not null)
            {
                expandedIds.Add(evt.SenderId);
            }

            if (expansions.Contains("participant_ids") && evt.ParticipantIds is not null)
            {
                expandedIds.AddRange(evt.ParticipantIds);
            }
        }

        var expanded = expandedIds.Distinct(StringComparer.Ordinal).Select(id => (id, user: rt.World.FindUser(id))).ToList();
        return XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            if (page.Items.Count > 0)
            {
                w.WriteStartArray("data");
                foreach (var evt in page.Items)
                {
                    XWriters.WriteDmEvent(w, evt, fields, expansions);
                }

                w.WriteEndArray();
            }

            if (expanded.Exists(e => e.user is not null))
            {
                w.WriteStartObject("includes");
                w.WriteStartArray("users");
                foreach (var (_, user) in expanded.Where(e => e.user is not null))
                {
                    XWriters.WriteUser(w, user!, userFields);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (expanded.Exists(e => e.user is null))
            {
                w.WriteStartArray("errors");
                foreach (var (id, _) in expanded.Where(e => e.user is null))
                {
                    rt.Problems.WriteNotFound(w, "sender_id", id, "user", section: "includes");
                }

                w.WriteEndArray();
            }

            WriteMeta(w, page.Items.Count,
                page.NextKey is { } next ? PageToken.ForEvents(next, older: true) : null,
                page.PreviousKey is { } previous ? PageToken.ForEvents(previous, older: false) : null);
            w.WriteEndObject();
        });
    }

    private static Task UserListAsync(HttpContext ctx, SandboxRuntime rt, Func<string, int, PageCursor<long>?, Page<FollowEdge, long>> source)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        var q = new QueryReader(ctx.Request.Query).Allow("max_results", "pagination_token", "user.fields", "expansions", "tweet.fields", "post.fields");
        var maxResults = q.Int("max_results", 1, 1000, 100);
        var fields = ReadUserParameters(q);
        var cursor = q.PaginationToken<long>(PageToken.TryReadList);

        if (!UserIdPattern().IsMatch(id))
        {
            q.Fail("id", id, $"The `id` path parameter value [{id}] does not match ^[0-9]{{1,19}}$");
        }

        if (q.Error is not null)
        {
            return rt.Problems.InvalidRequestAsync(ctx, q.Error);
        }

        if (rt.World.FindUser(id) is null)
        {
            return rt.Problems.NotFoundAsync(ctx, "id", id);
        }

        var page = source(id, maxResults, cursor);
        var users = page.Items.Select(e => rt.World.FindUser(e.TargetId)).OfType<SandboxUser>().ToList();
        return XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            if (users.Count > 0)
            {
                w.WriteStartArray("data");
                foreach (var user in users)
                {
                    XWriters.WriteUser(w, user, fields);
                }

                w.WriteEndArray();
            }

            WriteMeta(w, users.Count,
                page.NextKey is { } next ? PageToken.ForList(next, older: true) : null,
                page.PreviousKey is { } previous ? PageToken.ForList(previous, older: false) : null);
            w.WriteEndObject();
        });
    }

    private static async Task RelationWriteAsync(
        HttpContext ctx, SandboxRuntime rt, string relation, bool create,
        Func<string, string, DateTime, bool> add, Func<string, string, bool> remove)
    {
        var values = ctx.Request.RouteValues;
        var sourceParameter = create ? "id" : "source_user_id";
        var source = (string)values[sourceParameter]!;
        string? target;
        if (create)
        {
            target = await ReadTargetAsync(ctx);
            if (target is null)
            {
                await rt.Problems.InvalidRequestAsync(ctx, "target_user_id", string.Empty,
                    "The request body must be a JSON object with a `target_user_id` string matching ^[0-9]{1,19}$");
                return;
            }
        }
        else
        {
            target = (string)values["target_user_id"]!;
        }

        if (!UserIdPattern().IsMatch(source))
        {
            await rt.Problems.InvalidRequestAsync(ctx, sourceParameter, source, $"The `{sourceParameter}` path parameter value [{source}] does not match ^[0-9]{{1,19}}$");
            return;
        }

        if (!UserIdPattern().IsMatch(target))
        {
            await rt.Problems.InvalidRequestAsync(ctx, "target_user_id", target, $"The `target_user_id` value [{target}] does not match ^[0-9]{{1,19}}$");
            return;
        }

        // The path id must be the authenticated user's own; X's error is unconfirmed, 403 is our choice
        // (docs/sandbox.md, Errors).
        var me = Grant(ctx).UserId;
        if (!string.Equals(source, me, StringComparison.Ordinal))
        {
            await Problems.ForbiddenAsync(ctx, $"You are not permitted to change the {relation} of user [{source}]; only of the authenticated user [{me}].");
            return;
        }

        var targetUser = rt.World.FindUser(target);
        if (targetUser is null)
        {
            await rt.Problems.NotFoundAsync(ctx, "target_user_id", target);
            return;
        }

        if (string.Equals(target, me, StringComparison.Ordinal))
        {
            await rt.Problems.InvalidRequestAsync(ctx, "target_user_id", target, $"You cannot change the {relation} of yourself.");
            return;
        }

        var pending = false;
        if (create && relation == "following" && targetUser.Protected && !rt.World.IsFollowing(me, target))
        {
            pending = true; // a protected account approves requests first (docs/sandbox.md, Following and mutes)
        }
        else if (create)
        {
            add(me, target, rt.Now);
        }
        else
        {
            remove(me, target);
        }

        await XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteBoolean(relation, create && !pending);
            if (create && relation == "following")
            {
                w.WriteBoolean("pending_follow", pending);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static async Task<string?> ReadTargetAsync(HttpContext ctx)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("target_user_id", out var target)
                && target.ValueKind == JsonValueKind.String
                ? target.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HashSet<string>? ReadUserParameters(QueryReader q)
    {
        var fields = q.List("user.fields", FieldSets.UserFields);
        q.List("expansions", FieldSets.UserExpansions);
        q.List("tweet.fields", FieldSets.PostFields);
        q.List("post.fields", FieldSets.PostFields);
        return fields;
    }

    private static void WriteMeta(Utf8JsonWriter w, int count, string? next, string? previous)
    {
        w.WriteStartObject("meta");
        w.WriteNumber("result_count", count);
        if (next is not null)
        {
            w.WriteString("next_token", next);
        }

        if (previous is not null)
        {
            w.WriteString("previous_token", previous);
        }

        w.WriteEndObject();
    }

    [GeneratedRegex("^[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    internal static partial Regex UserIdPattern();

    [GeneratedRegex("^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$", RegexOptions.CultureInvariant)]
    private static partial Regex ConversationIdPattern();
}
