using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

/// <summary>
/// What X's own SDKs and twitter-api-v2 need from the sandbox (issue 12): each test is one behaviour of live X that a
/// client written for X relies on.
/// </summary>
public sealed class FidelityTests : IAsyncLifetime
{
    private const string Verifier = "fidelity-verifier-0123456789-0123456789-0123456789";
    private static readonly string Mira = DemoAccounts.Mira.Id;
    private static readonly string Theo = DemoAccounts.Theo.Id;
    private static readonly string Quinn = DemoAccounts.Quinn.Id;
    private TestSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await TestSandbox.StartAsync(o => o.RateLimitsEnabled = false);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("s256")]
    [InlineData("S256")]
    [InlineData("PLAIN")]
    public async Task Code_challenge_method_is_accepted_in_any_case(string method)
    {
        var challenge = method.Equals("plain", StringComparison.OrdinalIgnoreCase) ? Verifier : TestSandbox.S256(Verifier);
        using var page = await _sandbox.Http.GetAsync(TestSandbox.AuthorizeQuery(challenge: challenge, method: method));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var location = await _sandbox.ConsentAsync(Mira, challenge: challenge, method: method);
        var (status, token) = await _sandbox.ExchangeAsync(TestSandbox.Query(location)["code"], Verifier);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", token.GetProperty("access_token").GetString())).Status);
    }

    [Fact]
    public async Task A_wrong_verifier_still_fails_with_a_lower_case_method()
    {
        var location = await _sandbox.ConsentAsync(Mira, challenge: TestSandbox.S256(Verifier), method: "s256");
        var (status, _) = await _sandbox.ExchangeAsync(TestSandbox.Query(location)["code"], Verifier + "x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Token_and_revoke_take_their_parameters_from_the_query_string()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);
        var query = $"grant_type=authorization_code&code={Uri.EscapeDataString(code)}&redirect_uri={Uri.EscapeDataString(TestSandbox.RedirectUri)}&code_verifier={Verifier}";

        // twitter-api-sdk: everything in the query string, a form content type and an empty body.
        var (status, token) = await PostAsync("2/oauth2/token?" + query, new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") } });
        Assert.Equal(HttpStatusCode.OK, status);
        var access = token.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetAsync("2/users/me", access)).Status);

        var (refreshStatus, refreshed) = await PostAsync($"2/oauth2/token?grant_type=refresh_token&refresh_token={Uri.EscapeDataString(token.GetProperty("refresh_token").GetString()!)}", null);
        Assert.Equal(HttpStatusCode.OK, refreshStatus);
        Assert.NotEqual(access, refreshed.GetProperty("access_token").GetString());

        var (revokeStatus, revoked) = await PostAsync($"2/oauth2/revoke?token={Uri.EscapeDataString(access)}&token_type_hint=access_token", null);
        Assert.Equal(HttpStatusCode.OK, revokeStatus);
        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sandbox.GetAsync("2/users/me", access)).Status);
    }

    [Fact]
    public async Task Token_and_revoke_take_their_parameters_from_a_json_body()
    {
        var code = await _sandbox.CodeAsync(Mira, Verifier);

        // twitter-api-v2: a JSON object body.
        var (status, token) = await PostAsync("2/oauth2/token", Json(new
        {
            grant_type = "authorization_code", code, redirect_uri = TestSandbox.RedirectUri, code_verifier = Verifier, client_id = TestSandbox.ConfidentialId,
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        var access = token.GetProperty("access_token").GetString()!;

        var (revokeStatus, _) = await PostAsync("2/oauth2/revoke", Json(new { token = access, token_type_hint = "access_token" }));
        Assert.Equal(HttpStatusCode.OK, revokeStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sandbox.GetAsync("2/users/me", access)).Status);
    }

    [Theory]
    [InlineData("[1,2]", "application/json")]
    [InlineData("{\"grant_type\":", "application/json")]
    [InlineData("grant_type=refresh_token", "text/plain")]
    public async Task Token_bodies_that_are_neither_a_form_nor_a_json_object_are_400_invalid_request(string body, string mediaType)
    {
        var (status, error) = await PostAsync("2/oauth2/token", new StringContent(body, Encoding.UTF8, mediaType));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("sender_id")]
    [InlineData("sender_id,participant_ids")]
    public async Task The_sender_expansion_puts_sender_id_on_every_message_so_it_joins_includes_users(string expansions)
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var page = await _sandbox.GetAsync($"2/dm_events?event_types=MessageCreate&expansions={expansions}", token);

        var users = page.Body.GetProperty("includes").GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToHashSet();
        var events = page.Body.GetProperty("data").EnumerateArray().ToList();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Contains(e.GetProperty("sender_id").GetString(), users));
    }

    [Fact]
    public async Task The_participants_expansion_puts_participant_ids_on_group_events()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var page = await _sandbox.GetAsync("2/dm_events?event_types=ParticipantsJoin&expansions=participant_ids", token);

        var users = page.Body.GetProperty("includes").GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToHashSet();
        Assert.All(page.Body.GetProperty("data").EnumerateArray(), e =>
            Assert.All(e.GetProperty("participant_ids").EnumerateArray(), p => Assert.Contains(p.GetString(), users)));
    }

    [Fact]
    public async Task Without_the_expansion_or_field_events_carry_no_sender_id()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var page = await _sandbox.GetAsync("2/dm_events?event_types=MessageCreate", token);
        Assert.All(page.Body.GetProperty("data").EnumerateArray(), e => Assert.False(e.TryGetProperty("sender_id", out _)));
    }

    [Fact]
    public async Task Following_and_muting_next_tokens_have_at_least_16_characters_and_work()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        foreach (var target in new[] { Theo, Quinn })
        {
            Assert.Equal(HttpStatusCode.OK, (await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/muting", token, new { target_user_id = target })).Status);
        }

        foreach (var list in new[] { "following", "muting" })
        {
            var first = await _sandbox.GetAsync($"2/users/{Mira}/{list}?max_results=1", token);
            var next = first.Body.GetProperty("meta").GetProperty("next_token").GetString()!;
            Assert.True(next.Length >= 16, $"{list} next_token '{next}' has {next.Length} characters");

            var second = await _sandbox.GetAsync($"2/users/{Mira}/{list}?max_results=1&pagination_token={next}", token);
            Assert.Equal(HttpStatusCode.OK, second.Status);
            var previous = second.Body.GetProperty("meta").GetProperty("previous_token").GetString()!;
            Assert.True(previous.Length >= 16, $"{list} previous_token '{previous}' has {previous.Length} characters");
        }
    }

    [Theory]
    [InlineData("2/users/me?expansions=pinned_post_id,most_recent_post_id,affiliation")]
    [InlineData("2/users/me?user.fields=subscribes_to_you,profile_image_url,most_recent_post_id,pinned_post_id")]
    [InlineData("2/users/me?post.fields=note_post,article_title,matched_media_notes,paid_partnership,suggested_source_links")]
    [InlineData("2/users/{mira}/following?expansions=pinned_post_id&post.fields=note_request_suggestions,suggested_source_links_with_counts")]
    [InlineData("2/dm_events?expansions=referenced_posts,attachments.media_keys&post.fields=article_title,note_post")]
    public async Task Current_field_and_expansion_names_of_the_spec_are_accepted(string path)
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var response = await _sandbox.GetAsync(path.Replace("{mira}", Mira, StringComparison.Ordinal), token);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
    }

    [Fact]
    public async Task Users_carry_an_avatar_post_count_and_the_newer_fields_when_asked()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var me = (await _sandbox.GetAsync("2/users/me?user.fields=profile_image_url,public_metrics,parody,subscription_type,subscribes_to_you,is_identity_verified", token))
            .Body.GetProperty("data");

        Assert.StartsWith("https://", me.GetProperty("profile_image_url").GetString(), StringComparison.Ordinal);
        var metrics = me.GetProperty("public_metrics");
        Assert.True(metrics.GetProperty("post_count").GetInt64() >= 0);
        Assert.Equal(metrics.GetProperty("tweet_count").GetInt64(), metrics.GetProperty("post_count").GetInt64());
        Assert.False(me.GetProperty("parody").GetBoolean());
        Assert.False(me.GetProperty("subscribes_to_you").GetBoolean());
        Assert.False(me.GetProperty("is_identity_verified").GetBoolean());
        Assert.Contains(me.GetProperty("subscription_type").GetString(), new[] { "None", "Premium" });

        var plain = (await _sandbox.GetAsync("2/users/me", token)).Body.GetProperty("data");
        Assert.Equal(["id", "name", "username"], plain.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Link_entities_expand_to_the_real_target_and_the_text_carries_the_tco_link()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var data = (await _sandbox.GetAsync("2/dm_events?event_types=MessageCreate&dm_event.fields=entities", token)).Body.GetProperty("data");

        var withLinks = data.EnumerateArray().Where(e => e.TryGetProperty("entities", out _)).ToList();
        Assert.NotEmpty(withLinks);
        foreach (var evt in withLinks)
        {
            var text = evt.GetProperty("text").GetString()!;
            var codePoints = text.EnumerateRunes().Select(r => r.ToString()).ToList();
            foreach (var link in evt.GetProperty("entities").GetProperty("urls").EnumerateArray())
            {
                var url = link.GetProperty("url").GetString()!;
                var expanded = link.GetProperty("expanded_url").GetString()!;
                Assert.StartsWith("https://t.co/", url, StringComparison.Ordinal);
                Assert.DoesNotContain("t.co/", expanded, StringComparison.Ordinal);
                Assert.StartsWith(link.GetProperty("display_url").GetString()!.TrimEnd('…'), expanded[(expanded.IndexOf("//", StringComparison.Ordinal) + 2)..], StringComparison.Ordinal);
                var start = link.GetProperty("start").GetInt32();
                var end = link.GetProperty("end").GetInt32();
                Assert.Equal(url, string.Concat(codePoints.Skip(start).Take(end - start)));
            }
        }
    }

    [Fact]
    public async Task The_same_target_always_gets_the_same_tco_link()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var first = (await _sandbox.GetAsync("2/dm_events?dm_event.fields=entities", token)).Text;
        var second = (await _sandbox.GetAsync("2/dm_events?dm_event.fields=entities", token)).Text;
        Assert.Equal(first, second);
        Assert.Equal(ShortLinks.Shorten("https://example.org/a"), ShortLinks.Shorten("https://example.org/a"));
        Assert.NotEqual(ShortLinks.Shorten("https://example.org/a"), ShortLinks.Shorten("https://example.org/b"));
    }

    [Fact]
    public async Task A_burst_is_newer_than_every_dm_already_delivered()
    {
        var token = await _sandbox.AccessTokenAsync(Mira);
        var friend = await _sandbox.Admin.SimulateAsync("friend-dm", Mira);
        var seen = friend.GetProperty("dm_event");
        var seenId = ulong.Parse(seen.GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
        var seenAt = DateTime.Parse(seen.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.Equal(seen.GetProperty("id").GetString(), (await _sandbox.GetAsync("2/dm_events?max_results=1", token)).Body.GetProperty("data")[0].GetProperty("id").GetString());

        var burst = await _sandbox.Admin.SimulateAsync("burst", Mira, 120);

        // An incremental reader takes pages newest first until it meets the newest id it already has.
        var fresh = new List<JsonElement>();
        string? next = null;
        do
        {
            var page = await _sandbox.GetAsync("2/dm_events?max_results=100&dm_event.fields=created_at" + (next is null ? string.Empty : "&pagination_token=" + next), token);
            var events = page.Body.GetProperty("data").EnumerateArray().ToList();
            var stop = events.FindIndex(e => e.GetProperty("id").GetString() == seen.GetProperty("id").GetString());
            fresh.AddRange(stop < 0 ? events : events.Take(stop));
            next = stop < 0 && page.Body.GetProperty("meta").TryGetProperty("next_token", out var t) ? t.GetString() : null;
        }
        while (next is not null);

        Assert.Equal(120, fresh.Count);
        Assert.All(fresh, e =>
        {
            Assert.True(ulong.Parse(e.GetProperty("id").GetString()!, CultureInfo.InvariantCulture) > seenId);
            Assert.True(DateTime.Parse(e.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) >= seenAt);
        });
        Assert.Equal(burst.GetProperty("newest_event_id").GetString(), fresh[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_missing_scope_is_403_even_with_an_empty_bucket_and_is_not_counted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var full = await sandbox.AccessTokenAsync(Mira);
        var noDm = await sandbox.AccessTokenAsync(Mira, "tweet.read users.read");

        for (var i = 0; i < 3; i++)
        {
            var refused = await sandbox.GetAsync("2/dm_events?max_results=1", noDm);
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Equal(15, refused.HeaderLong("x-rate-limit-remaining"));
        }

        var first = await sandbox.GetAsync("2/dm_events?max_results=1", full);
        Assert.Equal(14, first.HeaderLong("x-rate-limit-remaining"));
        for (var i = 0; i < 14; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("2/dm_events?max_results=1", full)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await sandbox.GetAsync("2/dm_events?max_results=1", full)).Status);
        var stillForbidden = await sandbox.GetAsync("2/dm_events?max_results=1", noDm);
        Assert.Equal(HttpStatusCode.Forbidden, stillForbidden.Status);
        Assert.Contains("dm.read", stillForbidden.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestSandbox.ConfidentialId}:{TestSandbox.ConfidentialSecret}")));
        using var response = await _sandbox.Http.SendAsync(request);
        return (response.StatusCode, await TestSandbox.ReadJsonAsync(response));
    }
}
