using System.Net;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class AdminTests : IAsyncLifetime
{
    private static readonly string Mira = DemoAccounts.Mira.Id;
    private TestSandbox _sandbox = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await TestSandbox.StartAsync(o => o.RateLimitsEnabled = false);
        _token = await _sandbox.AccessTokenAsync(Mira);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Users_lists_everyone_and_marks_the_signable_accounts()
    {
        var users = (await _sandbox.GetAsync("_sandbox/users", null)).Body.GetProperty("users").EnumerateArray().ToList();
        var signable = users.Where(u => u.GetProperty("signable").GetBoolean()).Select(u => u.GetProperty("username").GetString());

        Assert.Equal(DemoAccounts.All.Select(a => a.Username), signable);
        Assert.Equal(_sandbox.Host.SignableAccounts, DemoAccounts.All);
        Assert.True(users.Count > 50);
    }

    [Fact]
    public async Task Follow_autodm_follows_a_new_bot_whose_dm_appears_60_seconds_later()
    {
        var result = (await _sandbox.SendAsync(HttpMethod.Post, "_sandbox/simulate/follow-autodm", null, new { user_id = Mira })).Body;
        var botId = result.GetProperty("bot").GetProperty("id").GetString()!;
        var eventId = result.GetProperty("dm_event").GetProperty("id").GetString()!;

        Assert.Equal(botId, (await _sandbox.GetAsync($"_sandbox/users/{Mira}/following", null)).Body.GetProperty("ids")[0].GetString());
        Assert.Equal(TestDump.Time(TestSandbox.Start.AddSeconds(60)), result.GetProperty("dm_event").GetProperty("created_at").GetString());
        Assert.Equal(TestDump.Time(TestSandbox.Start), result.GetProperty("followed_at").GetString());
        Assert.DoesNotContain(eventId, await NewestIds());

        _sandbox.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.DoesNotContain(eventId, await NewestIds());
        _sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(eventId, (await NewestIds())[0]);
    }

    [Fact]
    public async Task Friend_dm_arrives_now()
    {
        var result = (await _sandbox.SendAsync(HttpMethod.Post, "_sandbox/simulate/friend-dm", null, new { user_id = Mira })).Body;
        Assert.Equal(result.GetProperty("dm_event").GetProperty("id").GetString(), (await NewestIds())[0]);
        Assert.Equal(result.GetProperty("friend").GetProperty("id").GetString(), result.GetProperty("dm_event").GetProperty("sender_id").GetString());
    }

    [Fact]
    public async Task Burst_adds_that_many_new_dms_newest_first()
    {
        var result = (await _sandbox.SendAsync(HttpMethod.Post, "_sandbox/simulate/burst", null, new { user_id = Mira, count = 250 })).Body;

        Assert.Equal(250, result.GetProperty("count").GetInt32());
        var newest = await _sandbox.GetAsync("2/dm_events?max_results=100&dm_event.fields=sender_id", _token);
        Assert.Equal(result.GetProperty("newest_event_id").GetString(), newest.Body.GetProperty("data")[0].GetProperty("id").GetString());
        var senders = result.GetProperty("sender_ids").EnumerateArray().Select(s => s.GetString()).ToHashSet();
        Assert.All(newest.Body.GetProperty("data").EnumerateArray(), e => Assert.Contains(e.GetProperty("sender_id").GetString(), senders));
    }

    [Theory]
    [InlineData("_sandbox/simulate/burst", """{"user_id":"1600000000000000001","count":0}""", HttpStatusCode.BadRequest)]
    [InlineData("_sandbox/simulate/friend-dm", """{"user_id":"55"}""", HttpStatusCode.NotFound)]
    [InlineData("_sandbox/simulate/follow-autodm", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("_sandbox/faults", """[1,2]""", HttpStatusCode.BadRequest)]
    public async Task Bad_admin_requests_are_refused(string path, string json, HttpStatusCode status)
    {
        using var response = await _sandbox.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task Control_page_has_buttons_and_its_forms_redirect_back()
    {
        using var page = await _sandbox.Http.GetAsync("_sandbox");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"follow-autodm-mira_makes\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"add-fault\"", html, StringComparison.Ordinal);
        Assert.Contains("DELETE /2/users/:source_user_id/following/:target_user_id", html, StringComparison.Ordinal);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["route"] = "GET /2/dm_events", ["fault"] = "503", ["count"] = "1" });
        using var post = await _sandbox.Http.PostAsync("_sandbox/faults", form);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/_sandbox?message=", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _sandbox.GetAsync("2/dm_events", _token)).Status);
    }

    private async Task<List<string>> NewestIds() =>
        [.. (await _sandbox.GetAsync("2/dm_events?max_results=5", _token)).Body.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
}
