using System.Globalization;
using System.Net;
using System.Text;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

/// <summary>
/// A demo world kept in <see cref="SandboxOptions.WorldPath"/>: a second sandbox on the same file serves the same world
/// with every change made through the first, new ids stay above the old ones, and a file it cannot use is refused
/// with an error that says why.
/// </summary>
public sealed class PersistedWorldTests : IDisposable
{
    private static readonly string Mira = DemoAccounts.Mira.Id;
    private static readonly string Quinn = DemoAccounts.Quinn.Id;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "autodmguard-tests", "world-" + Guid.NewGuid().ToString("N"));

    private string WorldPath => Path.Combine(_folder, "demo-world.jsonl");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<TestSandbox> StartAsync(DateTimeOffset? start = null, int seed = 20261126) =>
        TestSandbox.StartAsync(o =>
        {
            o.WorldPath = WorldPath;
            o.RateLimitsEnabled = false;
            o.DemoDmCount = 30;
            o.Seed = seed;
        }, start);

    /// <summary>Everything a client can see of Mira's world, plus the users the changes created.</summary>
    private static async Task<string> SnapshotAsync(TestSandbox sandbox, string token, IEnumerable<string> extraUsers)
    {
        var text = new StringBuilder();
        text.AppendLine((await sandbox.GetAsync($"_sandbox/users/{Mira}/following", null)).Text);
        text.AppendLine((await sandbox.GetAsync($"2/users/{Mira}/muting?max_results=1000", token)).Text);
        text.AppendLine((await sandbox.GetAsync($"_sandbox/users/{Quinn}/following", null)).Text);
        string? next = null;
        do
        {
            var page = await sandbox.GetAsync(
                "2/dm_events?max_results=100&dm_event.fields=id,text,sender_id,created_at,dm_conversation_id,participant_ids" +
                (next is null ? "" : "&pagination_token=" + next), token);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            text.AppendLine(page.Text);
            next = page.Body.GetProperty("meta").TryGetProperty("next_token", out var token2) ? token2.GetString() : null;
        }
        while (next is not null);

        text.AppendLine((await sandbox.GetAsync($"2/users?ids={string.Join(',', extraUsers)}&user.fields=created_at,description,public_metrics,protected,verified,url,location", token)).Text);
        return text.ToString();
    }

    [Fact]
    public async Task A_restart_continues_the_same_world_with_every_kind_of_change()
    {
        string before;
        string worldId;
        var created = new List<string>();
        string unfollowed, followed, muted;
        await using (var first = await StartAsync())
        {
            worldId = first.Host.WorldId!;
            var token = await first.AccessTokenAsync(Mira);
            var following = await first.Admin.FollowingAsync(Mira);
            unfollowed = following[0];
            muted = following[1];
            var users = (await first.Admin.UsersAsync()).Select(u => u.Id);
            followed = users.First(u => u != Mira && !following.Contains(u));

            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{unfollowed}", token)).Status);
            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(HttpMethod.Post, $"2/users/{Mira}/following", token, new { target_user_id = followed })).Status);
            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(HttpMethod.Post, $"2/users/{Mira}/muting", token, new { target_user_id = muted })).Status);
            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(HttpMethod.Post, $"2/users/{Mira}/muting", token, new { target_user_id = unfollowed })).Status);
            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/muting/{unfollowed}", token)).Status);

            var autodm = await first.Admin.SimulateAsync("follow-autodm", Mira);
            created.Add(autodm.GetProperty("bot").GetProperty("id").GetString()!);
            var friend = await first.Admin.SimulateAsync("friend-dm", Mira);
            created.Add(friend.GetProperty("friend").GetProperty("id").GetString()!);
            var burst = await first.Admin.SimulateAsync("burst", Mira, 12);
            created.AddRange(burst.GetProperty("sender_ids").EnumerateArray().Select(s => s.GetString()!));

            first.Clock.Advance(TimeSpan.FromMinutes(2));
            before = await SnapshotAsync(first, token, created);
        }

        // Same file, a later clock: the generated part comes from the file's own seed and time, not this clock.
        await using var second = await StartAsync(TestSandbox.Start.AddMinutes(2));
        Assert.Equal(worldId, second.Host.WorldId);
        var token2 = await second.AccessTokenAsync(Mira);
        var after = await SnapshotAsync(second, token2, created);

        Assert.Equal(before, after);
        var following2 = await second.Admin.FollowingAsync(Mira);
        Assert.DoesNotContain(unfollowed, following2);
        Assert.Contains(followed, following2);
        Assert.Contains(created[0], following2);
        var muting = (await second.GetAsync($"2/users/{Mira}/muting", token2)).Body.GetProperty("data").EnumerateArray().Select(u => u.GetProperty("id").GetString()).ToList();
        Assert.Equal([muted], muting);
    }

    [Fact]
    public async Task A_new_file_holds_only_its_header_and_a_new_world_gets_a_new_id()
    {
        string firstId;
        await using (var first = await StartAsync())
        {
            firstId = first.Host.WorldId!;
            Assert.Matches("^[0-9a-f]{32}$", firstId);
        }

        var lines = await File.ReadAllLinesAsync(WorldPath);
        Assert.Single(lines);
        Assert.Contains("\"format\":\"autodmguard-sandbox-world/1\"", lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(WorldPath + ".tmp"));

        File.Delete(WorldPath);
        await using var second = await StartAsync();
        Assert.NotEqual(firstId, second.Host.WorldId);

        await using var inMemory = await TestSandbox.StartAsync();
        Assert.Null(inMemory.Host.WorldId);
    }

    [Fact]
    public async Task New_event_ids_stay_above_every_delivered_id_after_a_restart_even_with_the_clock_behind()
    {
        ulong highest;
        await using (var first = await StartAsync())
        {
            var token = await first.AccessTokenAsync(Mira);
            await first.Admin.SimulateAsync("burst", Mira, 20);
            var newest = await first.GetAsync("2/dm_events?max_results=100", token);
            highest = newest.Body.GetProperty("data").EnumerateArray().Max(e => ulong.Parse(e.GetProperty("id").GetString()!, CultureInfo.InvariantCulture));
        }

        // The machine's clock went back an hour between the runs.
        await using var second = await StartAsync(TestSandbox.Start.AddHours(-1));
        var ids = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            var friend = await second.Admin.SimulateAsync("friend-dm", Mira);
            ids.Add(ulong.Parse(friend.GetProperty("dm_event").GetProperty("id").GetString()!, CultureInfo.InvariantCulture));
        }

        Assert.True(ids[0] > highest, $"{ids[0]} is not above {highest}");
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(3, ids.Distinct().Count());

        // Still a snowflake: its time is no earlier than the event's, and not far after the newest delivered one.
        var encoded = DateTimeOffset.FromUnixTimeMilliseconds((long)(ids[0] >> 22) + 1288834974657L);
        Assert.InRange(encoded, TestSandbox.Start.AddHours(-1), TestSandbox.Start.AddMinutes(1));
    }

    [Fact]
    public async Task A_torn_last_entry_from_a_crash_is_dropped_and_the_file_stays_usable()
    {
        string unfollowed;
        await using (var first = await StartAsync())
        {
            var token = await first.AccessTokenAsync(Mira);
            unfollowed = (await first.Admin.FollowingAsync(Mira))[0];
            await first.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{unfollowed}", token);
        }

        var intact = new FileInfo(WorldPath).Length;
        await File.AppendAllTextAsync(WorldPath, "{\"op\":\"follow\",\"source\":\"1600000000000000001\",\"tar");

        string next;
        await using (var second = await StartAsync())
        {
            Assert.Equal(intact, new FileInfo(WorldPath).Length);
            var token = await second.AccessTokenAsync(Mira);
            Assert.DoesNotContain(unfollowed, await second.Admin.FollowingAsync(Mira));
            next = (await second.Admin.FollowingAsync(Mira))[0];
            await second.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{next}", token);
        }

        await using var third = await StartAsync();
        var following = await third.Admin.FollowingAsync(Mira);
        Assert.DoesNotContain(unfollowed, following);
        Assert.DoesNotContain(next, following);
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "garbage-entry", "is corrupt at line 3: " },
        { "unknown-op", "is corrupt at line 3: unknown op \"teleport\"" },
        { "entry-for-another-world", "is corrupt at line 3: the entry does not apply" },
        { "other-version", "format \"autodmguard-sandbox-world/2\", but this version reads \"autodmguard-sandbox-world/1\" only" },
        { "not-a-world-file", "is corrupt at line 1: the header is not valid" },
        { "empty", "is corrupt at line 1: no complete header line" },
        { "other-generator", "was generated by a different version of the demo world generator" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_file_it_cannot_use_is_refused_with_a_clear_error_and_left_as_it_was(string damage, string expected)
    {
        await using (var first = await StartAsync())
        {
            var token = await first.AccessTokenAsync(Mira);
            var following = await first.Admin.FollowingAsync(Mira);
            await first.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{following[0]}", token);
            await first.SendAsync(HttpMethod.Delete, $"2/users/{Mira}/following/{following[1]}", token);
        }

        var lines = (await File.ReadAllLinesAsync(WorldPath)).ToList();
        Assert.Equal(3, lines.Count);
        switch (damage)
        {
            case "garbage-entry": lines[2] = "{\"op\":\"unfollow\",\"source\":"; break;
            case "unknown-op": lines[2] = "{\"op\":\"teleport\"}"; break;
            case "entry-for-another-world": lines[2] = lines[2].Replace(Mira, Quinn, StringComparison.Ordinal); break;
            case "other-version": lines[0] = lines[0].Replace("world/1", "world/2", StringComparison.Ordinal); break;
            case "not-a-world-file": lines = ["just some text", "more"]; break;
            case "empty": lines = []; break;
            case "other-generator": lines[0] = System.Text.RegularExpressions.Regex.Replace(lines[0], "\"fingerprint\":\"[0-9a-f]+\"", "\"fingerprint\":\"00000000000000000000000000000000\""); break;
        }

        var content = lines.Count == 0 ? "" : string.Join('\n', lines) + "\n";
        await File.WriteAllTextAsync(WorldPath, content);

        var error = await Assert.ThrowsAsync<SandboxDataException>(() => StartAsync());
        Assert.Contains($"Demo world '{WorldPath}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(WorldPath));
    }

    [Fact]
    public async Task Options_that_ask_for_another_world_are_refused_rather_than_ignored()
    {
        await using (await StartAsync())
        {
        }

        var error = await Assert.ThrowsAsync<SandboxDataException>(() => StartAsync(seed: 7));
        Assert.Contains("was generated with seed 20261126, DemoDmCount 30, DemoSenderCount default, but the options ask for seed 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_sandbox_cannot_open_a_world_file_in_use()
    {
        await using var first = await StartAsync();
        var error = await Assert.ThrowsAsync<SandboxDataException>(() => StartAsync());
        Assert.Contains("cannot be read", error.Message, StringComparison.Ordinal);
    }
}
