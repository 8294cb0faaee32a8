using System.Net;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class UsersAndFollowsTests : IAsyncLifetime
{
    private static readonly string Mira = DemoAccounts.Mira.Id;
    private static readonly string Theo = DemoAccounts.Theo.Id;
    private static readonly string Quinn = DemoAccounts.Quinn.Id;
    private TestSandbox _sandbox = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await TestSandbox.StartAsync(o => o.RateLimitsEnabled = false);
        _token = await _sandbox.AccessTokenAsync(Mira);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Users_me_returns_default_fields_unless_more_are_asked_for()
    {
        var plain = await _sandbox.GetAsync("2/users/me", _token);
        var rich = await _sandbox.GetAsync("2/users/me?user.fields=created_at,description,public_metrics,verified,protected", _token);

        Assert.Equal(["id", "name", "username"], plain.Body.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(DemoAccounts.Mira.Username, plain.Body.GetProperty("data").GetProperty("username").GetString());
        var data = rich.Body.GetProperty("data");
        Assert.Equal("2016-03-04T09:15:00.000Z", data.GetProperty("created_at").GetString());
        Assert.True(data.GetProperty("public_metrics").GetProperty("followers_count").GetInt32() > 0);
        Assert.False(data.GetProperty("protected").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.GetAsync("2/users/me?user.fields=shoe_size", _token)).Status);
    }

    [Fact]
    public async Task Users_lookup_returns_found_users_and_partial_errors_for_unknown_ids()
    {
        var response = await _sandbox.GetAsync($"2/users?ids={Theo},123,{Quinn}", _token);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal([Theo, Quinn], response.Body.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        var error = response.Body.GetProperty("errors")[0];
        Assert.Equal("123", error.GetProperty("resource_id").GetString());
        Assert.Equal("user", error.GetProperty("resource_type").GetString());
        Assert.Equal("https://api.twitter.com/2/problems/resource-not-found", error.GetProperty("type").GetString());

        var none = await _sandbox.GetAsync("2/users?ids=1,2", _token);
        Assert.False(none.Body.TryGetProperty("data", out _));
        Assert.Equal(2, none.Body.GetProperty("errors").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.GetAsync("2/users?ids=abc", _token)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.GetAsync("2/users", _token)).Status);
    }

    [Fact]
    public async Task Following_pages_match_the_admin_truth_newest_first()
    {
        var truth = (await _sandbox.Admin.FollowingAsync(Mira)).ToList();
        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await _sandbox.GetAsync($"2/users/{Mira}/following?max_results=9&user.fields=created_at" + (next is null ? string.Empty : "&pagination_token=" + next), _token);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Body.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()!));
            Assert.All(page.Body.GetProperty("data").EnumerateArray(), u => Assert.True(u.TryGetProperty("created_at", out _)));
            next = page.Body.GetProperty("meta").TryGetProperty("next_token", out var t) ? t.GetString() : null;
        }
        while (next is not null);

        Assert.True(truth.Count > 20);
        Assert.Equal(truth, seen);
    }

    [Fact]
    public async Task Following_previous_token_returns_the_page_before()
    {
        var first = await _sandbox.GetAsync($"2/users/{Mira}/following?max_results=4", _token);
        var second = await _sandbox.GetAsync($"2/users/{Mira}/following?max_results=4&pagination_token={first.Body.GetProperty("meta").GetProperty("next_token").GetString()}", _token);
        var back = await _sandbox.GetAsync($"2/users/{Mira}/following?max_results=4&pagination_token={second.Body.GetProperty("meta").GetProperty("previous_token").GetString()}", _token);

        Assert.False(first.Body.GetProperty("meta").TryGetProperty("previous_token", out _));
        Assert.Equal(first.Body.GetProperty("data").ToString(), back.Body.GetProperty("data").ToString());
        Assert.NotEqual(first.Body.GetProperty("data").ToString(), second.Body.GetProperty("data").ToString());
    }

    [Theory]
    [InlineData("max_results=0")]
    [InlineData("max_results=1001")]
    [InlineData("pagination_token=zz")]
    public async Task Following_validates_parameters(string query) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.GetAsync($"2/users/{Mira}/following?{query}", _token)).Status);

    [Fact]
    public async Task Following_of_an_unknown_user_is_resource_not_found()
    {
        var response = await _sandbox.GetAsync("2/users/42/following", _token);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("42", response.Body.GetProperty("resource_id").GetString());
    }

    [Fact]
    public async Task Follow_then_unfollow_is_reflected_and_unfollow_is_idempotent()
    {
        var follow = await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", _token, new { target_user_id = Quinn });
        Assert.Equal("""{"data":{"following":true,"pending_follow":false}}""", follow.Text);
        Assert.Equal(Quinn, (await Truth(Mira))[0]);
        var firstPage = await _sandbox.GetAsync($"2/users/{Mira}/following?max_results=1", _token);
        Assert.Equal(Quinn, firstPage.Body.GetProperty("data")[0].GetProperty("id").GetString());

        var unfollow = await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{Quinn}", _token);
        var again = await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{Quinn}", _token);

        Assert.Equal("""{"data":{"following":false}}""", unfollow.Text);
        Assert.Equal("""{"data":{"following":false}}""", again.Text);
        Assert.DoesNotContain(Quinn, await Truth(Mira));
    }

    [Fact]
    public async Task Writes_on_another_users_id_are_refused_and_change_nothing()
    {
        var before = await Truth(Theo);

        var follow = await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Theo}/following", _token, new { target_user_id = Quinn });
        var unfollow = await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Theo}/following/{Mira}", _token);
        var mute = await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Theo}/muting", _token, new { target_user_id = Quinn });
        var unmute = await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Theo}/muting/{Quinn}", _token);

        Assert.All([follow, unfollow, mute, unmute], r => Assert.Equal(HttpStatusCode.Forbidden, r.Status));
        Assert.Equal("application/problem+json", follow.MediaType);
        Assert.Equal(before, await Truth(Theo));
    }

    [Fact]
    public async Task Bad_follow_bodies_and_unknown_targets_are_rejected()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", _token, new { target = Quinn })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", _token, new { target_user_id = "x1" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", _token, new { target_user_id = Mira })).Status);
        var unknown = await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", _token, new { target_user_id = "987" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("target_user_id", unknown.Body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Mute_and_unmute_answer_like_x()
    {
        var mute = await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/muting", _token, new { target_user_id = Quinn });
        var list = await _sandbox.GetAsync($"2/users/{Mira}/muting", _token);
        var unmute = await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/muting/{Quinn}", _token);
        var after = await _sandbox.GetAsync($"2/users/{Mira}/muting", _token);

        Assert.Equal("""{"data":{"muting":true}}""", mute.Text);
        Assert.Equal(Quinn, list.Body.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal("""{"data":{"muting":false}}""", unmute.Text);
        Assert.Equal(0, after.Body.GetProperty("meta").GetProperty("result_count").GetInt32());
    }

    [Fact]
    public async Task Concurrent_follows_unfollows_and_reads_stay_consistent()
    {
        var users = (await _sandbox.Admin.UsersAsync()).Select(u => u.Id).Where(id => id != Mira).Take(40).ToList();
        var before = await Truth(Mira);

        await Task.WhenAll(users.Select(async (id, i) =>
        {
            await _sandbox.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{id}", _token);
            await _sandbox.GetAsync("2/dm_events?max_results=5", _token);
            if (i % 2 == 0)
            {
                await _sandbox.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", _token, new { target_user_id = id });
            }
        }));

        var after = await Truth(Mira);
        var expected = before.Except(users).Union(users.Where((_, i) => i % 2 == 0)).ToHashSet();
        Assert.Equal(expected.Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));
        Assert.Equal(after.Count, after.Distinct().Count());
    }

    private async Task<List<string>> Truth(string userId) => [.. await _sandbox.Admin.FollowingAsync(userId)];
}
