using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AutoDmGuard.XApiSandbox.Tests;

public sealed class DemoWorldGeneratorTests(ITestOutputHelper output)
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Mira = DemoAccounts.Mira.Id;

    [Fact]
    public void Same_seed_and_clock_give_the_same_world_and_another_seed_a_different_one()
    {
        var a = DemoWorldGenerator.Generate(7, Now);
        var b = DemoWorldGenerator.Generate(7, Now);
        var c = DemoWorldGenerator.Generate(8, Now);

        Assert.Equal(a.Users, b.Users);
        Assert.Equal(a.Events.Select(Describe), b.Events.Select(Describe));
        Assert.Equal(a.Following[Mira], b.Following[Mira]);
        Assert.NotEqual(a.Events.Select(e => e.Text), c.Events.Select(e => e.Text));
        Assert.Equal(DemoAccounts.All, c.Signable);
    }

    [Fact]
    public void Default_demo_inbox_is_realistic()
    {
        var world = DemoWorldGenerator.Generate(20261126, Now);
        var received = Received(world);
        var auto = received.Where(e => world.AutoSenderIds.Contains(e.SenderId!)).ToList();
        var replies = world.Events.Where(e => e.SenderId == Mira).ToList();

        Assert.InRange(received.Count, 100, 200);
        Assert.InRange(auto.Count / (double)received.Count, 0.3, 0.5);
        Assert.NotEmpty(replies);
        Assert.All(world.Events, e => Assert.InRange(e.CreatedAt, Now.AddDays(-29).AddMinutes(-1), Now));
        Assert.All(world.Events.Where(e => e.Text is not null), e => Assert.DoesNotContain('$', e.Text!));
        Assert.All(world.Events.Where(e => e.Text is not null), e => Assert.DoesNotMatch(@"[{}|]", e.Text!));
        Assert.Equal(
            [DmEvent.ParticipantsJoin, DmEvent.MessageCreate, DmEvent.ParticipantsLeave],
            world.Events.Where(e => !e.ConversationId.Contains('-', StringComparison.Ordinal)).Select(e => e.EventType).Distinct());
        Assert.True(auto.Count(e => e.Text!.Contains("https://", StringComparison.Ordinal)) > auto.Count / 2);
        Assert.Contains(auto, e => e.Text!.Contains("Mira", StringComparison.Ordinal) || e.Text.Contains("@mira_makes", StringComparison.Ordinal));
        var languages = new[] { "Gracias", "gracias", "Valeu", "Obrigad", "Merci", "danke", "Danke", "Hola", "Oi " }
            .Count(word => received.Exists(e => e.Text!.Contains(word, StringComparison.Ordinal)));
        Assert.True(languages >= 2, $"only {languages} non-English markers");

        // Most bots DM within 5 s - 15 min of the follow.
        var follows = world.Following[Mira].Where(f => f.FollowedAt is not null).ToDictionary(f => f.TargetId, f => f.FollowedAt!.Value);
        var delays = auto.GroupBy(e => e.SenderId!).Where(g => follows.ContainsKey(g.Key))
            .Select(g => g.Min(e => e.CreatedAt) - follows[g.Key]).ToList();
        Assert.True(delays.Count(d => d >= TimeSpan.FromSeconds(5) && d <= TimeSpan.FromMinutes(15)) > delays.Count * 0.6);
        Assert.Contains(world.Following[Mira], f => f.FollowedAt is null);
        Assert.True(world.Following[Mira].Count(f => f.FollowedAt is not null) > world.Following[Mira].Count / 2);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(50, 50)]
    [InlineData(1000, 100)]
    public void Requested_sizes_are_exact(int dms, int senders)
    {
        var world = DemoWorldGenerator.Generate(3, Now, dms, senders);
        var received = Received(world);
        Assert.Equal(dms, received.Count);
        Assert.Equal(senders, received.Select(e => e.SenderId).Distinct().Count());
    }

    [Fact]
    public void Impossible_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoWorldGenerator.Generate(3, Now, 10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoWorldGenerator.Generate(3, Now, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoWorldGenerator.Generate(3, Now, -1, 0));
    }

    [Fact]
    public void Builds_100k_dms_from_10k_senders()
    {
        var watch = Stopwatch.StartNew();
        var data = DemoWorldGenerator.Generate(1, Now, 100_000, 10_000);
        var generated = watch.Elapsed;
        var world = new SandboxWorld(data, new FakeTimeProvider(new DateTimeOffset(Now, TimeSpan.Zero)));
        output.WriteLine($"generate: {generated.TotalMilliseconds:F0} ms, index: {(watch.Elapsed - generated).TotalMilliseconds:F0} ms, events: {world.EventCount}");

        var received = Received(data);
        Assert.Equal(100_000, received.Count);
        Assert.Equal(10_000, received.Select(e => e.SenderId).Distinct().Count());
        Assert.Equal(data.Events.Count, world.EventCount);
        Assert.Equal(data.Events.Count, data.Events.Select(e => e.Id).Distinct().Count());
    }

    private static string Describe(DmEvent e) =>
        $"{e.Id}|{e.EventType}|{e.ConversationId}|{e.CreatedAt:O}|{e.SenderId}|{e.Text}|{string.Join(',', e.ParticipantIds ?? [])}";

    private static List<DmEvent> Received(WorldData world) =>
        [.. world.Events.Where(e => e.ConversationId.Contains(Mira, StringComparison.Ordinal) && e.SenderId != Mira && !DemoAccounts.All.Any(a => a.Id == e.SenderId))];
}
