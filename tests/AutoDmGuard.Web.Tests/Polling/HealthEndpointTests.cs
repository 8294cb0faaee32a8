using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AutoDmGuard.Web.Tests.Polling;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Signed_in_user_sees_their_own_poll_status_and_backfill_progress()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();
        await app.RunPassAsync();

        using var response = await user.Client.GetAsync(new Uri("/health/worker", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var state = await app.StateAsync(user.AccountId);
        var stored = (await app.StoredEventsAsync(user.AccountId)).Count;
        Assert.Equal(user.AccountId, body.GetProperty("accountId").GetString());
        Assert.True(body.GetProperty("connected").GetBoolean());
        Assert.Equal(state.LastSuccessAt, body.GetProperty("lastSuccessAt").GetDateTime().ToUniversalTime());
        Assert.Equal(state.NextDmPollAt, body.GetProperty("nextDmPollAt").GetDateTime().ToUniversalTime());
        Assert.Equal(state.RateLimitRemaining, body.GetProperty("rateLimitRemaining").GetInt32());
        Assert.True(body.GetProperty("backfill").GetProperty("completed").GetBoolean());
        Assert.Equal(stored, body.GetProperty("backfill").GetProperty("eventsStored").GetInt32());
        Assert.Equal(state.BackfillOldestAt, body.GetProperty("backfill").GetProperty("oldestAt").GetDateTime().ToUniversalTime());
        Assert.Equal(0, body.GetProperty("unscored").GetInt32());
    }

    [Fact]
    public async Task Anonymous_callers_get_counts_only()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await app.SandboxAdmin.RevokeTokensAsync(theo.AccountId);
        await app.RunPassAsync();
        using var anonymous = app.CreateAppClient();

        using var response = await anonymous.GetAsync(new Uri("/health/worker", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(2, body.GetProperty("accounts").GetInt32());
        Assert.Equal(1, body.GetProperty("connected").GetInt32());
        Assert.Equal(1, body.GetProperty("needsReauthorization").GetInt32());
        Assert.Equal(0, body.GetProperty("backfilling").GetInt32());
        Assert.DoesNotContain(mira.AccountId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(theo.AccountId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("lastError", text, StringComparison.OrdinalIgnoreCase);
    }
}
