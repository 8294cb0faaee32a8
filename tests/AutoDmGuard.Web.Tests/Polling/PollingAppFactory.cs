using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.XApi;
using AutoDmGuard.XApiSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Polling;

/// <summary>
/// The test app with sandbox knobs the worker tests vary (rate limits, inbox size) and helpers that run one pass,
/// read PollState and page the sandbox's inbox through the real client (its admin API: <see cref="AppFactory.SandboxAdmin"/>).
/// </summary>
public sealed class PollingAppFactory : AppFactory
{
    public bool RateLimitsEnabled { get; set; } = true;

    public int? DemoDmCount { get; set; }

    public int? DemoSenderCount { get; set; }

    /// <summary>Signable accounts with empty inboxes the sandbox adds (usernames fleet0001, fleet0002, ...).</summary>
    public int ExtraAccounts { get; set; }

    /// <summary>A mailbox dump for the sandbox to serve instead of the demo world (events show up once the clock reaches them).</summary>
    public string? DumpPath { get; set; }

    public static async Task<PollingAppFactory> StartAsync(Action<PollingAppFactory>? configure = null)
    {
        var factory = new PollingAppFactory();
        // The client's timeouts run on the real clock (not the fake one), over real HTTP to the sandbox. They used to be
        // 2 s / 5 s for every test, and a healthy request on the loaded 2-core CI machine sometimes took longer: the pass
        // failed for no reason. Generous by default; only a test that makes the sandbox hang shortens them
        // (UseShortClientTimeouts). One retry keeps 5xx tests quick.
        factory.Settings["X:AttemptTimeout"] = "00:00:15";
        factory.Settings["X:TotalRequestTimeout"] = "00:00:40";
        factory.Settings["X:MaxRetryAttempts"] = "1";
        configure?.Invoke(factory);
        await factory.InitializeAsync();
        return factory;
    }

    /// <summary>
    /// For tests where the sandbox hangs: a hang only ends at the client's attempt timeout, so keep it short enough for
    /// a quick test and still well above what a healthy request takes on a loaded machine.
    /// </summary>
    public void UseShortClientTimeouts()
    {
        Settings["X:AttemptTimeout"] = "00:00:04";
        Settings["X:TotalRequestTimeout"] = "00:00:10";
    }

    protected override void ConfigureSandbox(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RateLimitsEnabled = RateLimitsEnabled;
        options.DemoDmCount = DemoDmCount;
        options.DemoSenderCount = DemoSenderCount;
        options.DumpPath = DumpPath;
        options.ExtraAccounts = ExtraAccounts;
    }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    internal PollingHooks Hooks => Services.GetRequiredService<PollingHooks>();

    /// <summary>One pass, exactly as the worker runs it (own scope).</summary>
    public async Task<PollingPassResult> RunPassAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollingPass>().RunOnceAsync(cancellationToken);
    }

    /// <summary>
    /// One pass while the fake clock moves on in small steps, for passes that wait on it (the worker's own waits; the
    /// client's retry delays and attempt timeouts run on the real clock). Returns the clock reading from before the pass.
    /// </summary>
    public async Task<(PollingPassResult Result, DateTime StartedAt)> RunPassDrivingClockAsync(TimeSpan? step = null)
    {
        var startedAt = Now;
        var pass = RunPassAsync();
        var limit = DateTime.UtcNow.AddSeconds(60);
        while (!pass.IsCompleted)
        {
            await Task.WhenAny(pass, Task.Delay(25));
            if (!pass.IsCompleted)
            {
                Clock.Advance(step ?? TimeSpan.FromMilliseconds(500));
            }

            Assert.True(DateTime.UtcNow < limit, "The pass did not finish within 60 s of real time.");
        }

        return (await pass, startedAt);
    }

    /// <summary>The instance id <see cref="HoldLeaseAsync"/> gives the lease to by default.</summary>
    public const string OtherInstance = "other-instance";

    /// <summary>Another instance (or a crashed one, by its id) holds the account's poll lease for five minutes; returns when it ends.</summary>
    public async Task<DateTime> HoldLeaseAsync(string accountId, string? owner = OtherInstance)
    {
        var until = Now.AddMinutes(5);
        await WithDbAsync(db =>
        {
            db.PollStates.Add(new PollState { AccountId = accountId, LeaseOwner = owner, LeaseExpiresAt = until });
            return db.SaveChangesAsync();
        });
        return until;
    }

    public Task<PollState> StateAsync(string accountId) =>
        WithDbAsync(db => db.PollStates.AsNoTracking().SingleAsync(p => p.AccountId == accountId));

    public Task<List<DmEvent>> StoredEventsAsync(string accountId) =>
        WithDbAsync(db => db.DmEvents.AsNoTracking().Where(e => e.AccountId == accountId).ToListAsync());

    /// <summary>
    /// Every DM event id the sandbox serves this account: plain paging through /2/dm_events (not the worker's reader),
    /// waiting out rate limits by moving the clock to X's reset.
    /// </summary>
    public async Task<List<string>> SandboxEventIdsAsync(string accountId)
    {
        await using var scope = Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<AccountTokenService>().GetAccessTokenAsync(accountId, CancellationToken.None);
        var api = scope.ServiceProvider.GetRequiredService<IXApiClient>();
        var ids = new List<string>();
        string? next = null;
        do
        {
            try
            {
                var page = await api.GetDmEventsPageAsync(token, new XDmEventsQuery { MaxResults = 100, PaginationToken = next });
                ids.AddRange(page.Data.Select(e => e.Id));
                next = page.Meta.NextToken;
            }
            catch (XRateLimitedException limited)
            {
                Clock.SetUtcNow(limited.ResetAt > Clock.GetUtcNow() ? limited.ResetAt : Clock.GetUtcNow().AddSeconds(1));
            }
        }
        while (next is not null);

        return ids;
    }

    /// <summary>Asserts the account's stored events are exactly the ones the sandbox serves (each once); returns their count.</summary>
    public async Task<int> AssertStoredExactlyTheSandboxInboxAsync(string accountId)
    {
        var expected = await SandboxEventIdsAsync(accountId);
        var stored = await StoredEventsAsync(accountId);
        Assert.Equal(expected.Order(StringComparer.Ordinal), stored.Select(e => e.EventId).Order(StringComparer.Ordinal));
        return expected.Count;
    }

    public async Task<T> WithApiAsync<T>(string accountId, Func<IXApiClient, string, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var scope = Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<AccountTokenService>().GetAccessTokenAsync(accountId, CancellationToken.None);
        return await call(scope.ServiceProvider.GetRequiredService<IXApiClient>(), token);
    }
}
