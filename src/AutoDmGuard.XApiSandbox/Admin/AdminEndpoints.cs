using System.Globalization;
using System.Text.Json;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// /_sandbox: the test and demo controls (brief "Admin API"). Every POST accepts JSON, or a form from the control
/// page, which then redirects back to /_sandbox with a message.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapGet("/_sandbox", ctx => ControlPage.WriteAsync(ctx, rt));
        app.MapGet("/_sandbox/users", ctx => JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("users");
            foreach (var user in rt.World.AllUsers())
            {
                w.WriteStartObject();
                w.WriteString("id", user.Id);
                w.WriteString("username", user.Username);
                w.WriteString("name", user.Name);
                w.WriteBoolean("signable", rt.World.IsSignable(user.Id));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
        app.MapGet("/_sandbox/users/{id}/following", ctx => FollowingAsync(ctx, rt));
        app.MapPost("/_sandbox/users/{id}/revoke-tokens", ctx => RevokeTokensAsync(ctx, rt));
        app.MapGet("/_sandbox/billing", ctx => BillingAsync(ctx, rt));
        app.MapGet("/_sandbox/requests", ctx => RequestsAsync(ctx, rt));
        app.MapDelete("/_sandbox/requests", ctx =>
        {
            rt.Requests.Clear();
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        app.MapGet("/_sandbox/faults", ctx => FaultListAsync(ctx, rt));
        app.MapPost("/_sandbox/faults", ctx => AddFaultAsync(ctx, rt));
        app.MapDelete("/_sandbox/faults", ctx => ClearFaultsAsync(ctx, rt));
        app.MapPost("/_sandbox/faults/clear", ctx => ClearFaultsAsync(ctx, rt));
        app.MapPost("/_sandbox/simulate/follow-autodm", ctx => SimulateAsync(ctx, rt, "follow-autodm"));
        app.MapPost("/_sandbox/simulate/friend-dm", ctx => SimulateAsync(ctx, rt, "friend-dm"));
        app.MapPost("/_sandbox/simulate/burst", ctx => SimulateAsync(ctx, rt, "burst"));
    }

    private static Task FollowingAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (rt.World.FindUser(id) is null)
        {
            return ErrorAsync(ctx, 404, $"Unknown user id [{id}].");
        }

        var edges = rt.World.FollowingSnapshot(id);
        return JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("user_id", id);
            w.WriteStartArray("ids");
            foreach (var edge in edges)
            {
                w.WriteStringValue(edge.TargetId);
            }

            w.WriteEndArray();
            w.WriteStartArray("following");
            foreach (var edge in edges)
            {
                w.WriteStartObject();
                w.WriteString("user_id", edge.TargetId);
                if (edge.FollowedAt is { } at)
                {
                    w.WriteString("followed_at", XJson.Time(at));
                }
                else
                {
                    w.WriteNull("followed_at");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task RevokeTokensAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (rt.World.FindUser(id) is null)
        {
            await ErrorAsync(ctx, 404, $"Unknown user id [{id}].");
            return;
        }

        var count = rt.OAuth.RevokeAllOf(id);
        await RespondAsync(ctx, $"Revoked {count} token(s) of user {id}.", w =>
        {
            w.WriteStartObject();
            w.WriteString("user_id", id);
            w.WriteNumber("revoked_tokens", count);
            w.WriteEndObject();
        });
    }

    private static Task BillingAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var snapshot = rt.Billing.Snapshot();
        return JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("dm_event_reads_billable", snapshot.Rows.Sum(r => (long)r.Billable));
            w.WriteNumber("dm_events_returned", snapshot.EventsReturned);
            w.WriteStartObject("users");
            foreach (var group in snapshot.Rows.GroupBy(r => r.User, StringComparer.Ordinal))
            {
                w.WriteNumber(group.Key, group.Sum(r => (long)r.Billable));
            }

            w.WriteEndObject();
            w.WriteStartObject("days");
            foreach (var day in snapshot.Rows.GroupBy(r => r.Day))
            {
                w.WriteStartObject(day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                foreach (var row in day)
                {
                    w.WriteNumber(row.User, row.Billable);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>?since=N (a sequence number: only later requests), ?route=KEY, ?user_id=ID.</summary>
    private static Task RequestsAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var query = ctx.Request.Query;
        var since = 0L;
        if (query.TryGetValue("since", out var sinceText)
            && !long.TryParse(sinceText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out since))
        {
            return ErrorAsync(ctx, 400, "since must be a sequence number.");
        }

        var route = query.TryGetValue("route", out var r) ? r.ToString() : null;
        var userId = query.TryGetValue("user_id", out var u) ? u.ToString() : null;
        var (entries, dropped, last) = rt.Requests.Read(since, route, userId);
        return JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("last", last);
            w.WriteNumber("dropped", dropped);
            w.WriteStartArray("requests");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("seq", e.Sequence);
                w.WriteString("method", e.Method);
                w.WriteString("path", e.Path);
                w.WriteString("route", e.Route);
                if (e.UserId is null)
                {
                    w.WriteNull("user_id");
                }
                else
                {
                    w.WriteString("user_id", e.UserId);
                }

                w.WriteString("started_at", e.StartedAt.ToString("O", CultureInfo.InvariantCulture));
                if (e.EndedAt is { } ended)
                {
                    w.WriteString("ended_at", ended.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteNumber("status", e.Status ?? 0);
                }
                else
                {
                    w.WriteNull("ended_at");
                    w.WriteNull("status");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static Task FaultListAsync(HttpContext ctx, SandboxRuntime rt) => JsonAsync(ctx, 200, w => WriteFaults(w, rt));

    private static async Task AddFaultAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var input = await AdminInput.ReadAsync(ctx);
        if (input is null)
        {
            await ErrorAsync(ctx, 400, "Send a JSON object or a form.");
            return;
        }

        var route = input.Get("route");
        var fault = input.Get("fault");
        var countText = input.Get("count");
        var count = 1;
        if (route is null || !RouteKeys.All.Contains(route, StringComparer.Ordinal))
        {
            await ErrorAsync(ctx, 400, $"Unknown route [{route}]; use one of: {string.Join(", ", RouteKeys.All)}.");
            return;
        }

        if (fault is null || !FaultInjector.Kinds.Contains(fault, StringComparer.Ordinal))
        {
            await ErrorAsync(ctx, 400, $"Unknown fault [{fault}]; use one of: {string.Join(", ", FaultInjector.Kinds)}.");
            return;
        }

        if (countText is not null && (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            await ErrorAsync(ctx, 400, $"count must be a positive integer, found [{countText}].");
            return;
        }

        rt.Faults.Add(route, fault, count);
        await RespondAsync(ctx, $"Next {count} call(s) of {route} will fail with {fault}.", w => WriteFaults(w, rt));
    }

    private static Task ClearFaultsAsync(HttpContext ctx, SandboxRuntime rt)
    {
        rt.Faults.Clear();
        return RespondAsync(ctx, "Cleared all faults.", w => WriteFaults(w, rt));
    }

    private static async Task SimulateAsync(HttpContext ctx, SandboxRuntime rt, string action)
    {
        var input = await AdminInput.ReadAsync(ctx);
        var userId = input?.Get("user_id");
        var user = userId is null ? null : rt.World.FindUser(userId);
        if (user is null)
        {
            await ErrorAsync(ctx, userId is null ? 400 : 404, userId is null ? "user_id is required." : $"Unknown user id [{userId}].");
            return;
        }

        var me = new SandboxAccount(user.Id, user.Username, user.Name);
        switch (action)
        {
            case "follow-autodm":
                var follow = rt.Simulator.FollowAutoDm(me);
                await RespondAsync(ctx, $"@{me.Username} followed @{follow.Bot.Username}; its auto-DM arrives at {XJson.Time(follow.Event.CreatedAt)}.", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("user_id", me.Id);
                    w.WritePropertyName("bot");
                    WriteUser(w, follow.Bot);
                    w.WriteString("followed_at", XJson.Time(follow.FollowedAt));
                    w.WritePropertyName("dm_event");
                    WriteEvent(w, follow.Event);
                    w.WriteString("visible_at", XJson.Time(follow.Event.CreatedAt));
                    w.WriteEndObject();
                });
                break;
            case "friend-dm":
                var (friend, evt) = rt.Simulator.FriendDm(me);
                await RespondAsync(ctx, $"@{friend.Username} sent @{me.Username} a DM.", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("user_id", me.Id);
                    w.WritePropertyName("friend");
                    WriteUser(w, friend);
                    w.WritePropertyName("dm_event");
                    WriteEvent(w, evt);
                    w.WriteEndObject();
                });
                break;
            default:
                var countText = input!.Get("count") ?? "500";
                if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 100_000)
                {
                    await ErrorAsync(ctx, 400, $"count must be between 1 and 100000, found [{countText}].");
                    return;
                }

                var events = rt.Simulator.Burst(me, count, out var senders);
                await RespondAsync(ctx, $"{events.Count} DMs from {senders.Count} new senders arrived for @{me.Username}.", w =>
                {
                    w.WriteStartObject();
                    w.WriteString("user_id", me.Id);
                    w.WriteNumber("count", events.Count);
                    w.WriteStartArray("sender_ids");
                    foreach (var sender in senders)
                    {
                        w.WriteStringValue(sender.Id);
                    }

                    w.WriteEndArray();
                    w.WriteString("newest_event_id", events[^1].Id);
                    w.WriteString("oldest_event_id", events[0].Id);
                    w.WriteEndObject();
                });
                break;
        }
    }

    private static void WriteFaults(Utf8JsonWriter w, SandboxRuntime rt)
    {
        w.WriteStartObject();
        w.WriteStartArray("faults");
        foreach (var fault in rt.Faults.Snapshot())
        {
            w.WriteStartObject();
            w.WriteString("route", fault.Route);
            w.WriteString("fault", fault.Kind);
            w.WriteNumber("remaining", fault.Remaining);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter w, SandboxUser user)
    {
        w.WriteStartObject();
        w.WriteString("id", user.Id);
        w.WriteString("username", user.Username);
        w.WriteString("name", user.Name);
        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, DmEvent evt) =>
        XWriters.WriteDmEvent(w, evt, new HashSet<string>(StringComparer.Ordinal) { "sender_id", "dm_conversation_id", "created_at" });

    /// <summary>Form posts (control page) get a redirect back; JSON callers get the JSON.</summary>
    private static Task RespondAsync(HttpContext ctx, string message, Action<Utf8JsonWriter> body)
    {
        if (ctx.Request.HasFormContentType)
        {
            ctx.Response.Redirect("/_sandbox?message=" + Uri.EscapeDataString(message));
            return Task.CompletedTask;
        }

        return JsonAsync(ctx, 200, body);
    }

    private static Task ErrorAsync(HttpContext ctx, int status, string message) => JsonAsync(ctx, status, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    private static Task JsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> body) => XJson.WriteAsync(ctx, status, body);
}
