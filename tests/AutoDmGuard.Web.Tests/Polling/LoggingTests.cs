namespace AutoDmGuard.Web.Tests.Polling;

public sealed class LoggingTests
{
    [Fact]
    public async Task A_pass_logs_structured_counts_per_account_and_never_dm_text_above_debug()
    {
        await using var app = await PollingAppFactory.StartAsync();
        using var user = await app.SignInAsync();

        await app.RunPassAsync();

        var polled = app.Logs.Lines
            .Where(l => l.StartsWith("Information Polled account", StringComparison.Ordinal) && l.Contains(user.AccountId, StringComparison.Ordinal))
            .ToList();
        var line = Assert.Single(polled);
        Assert.Contains("EventsRead=", line, StringComparison.Ordinal);
        Assert.Contains("NewEvents=", line, StringComparison.Ordinal);
        Assert.Contains("Pages=", line, StringComparison.Ordinal);
        Assert.Contains("BillableReads=", line, StringComparison.Ordinal);
        Assert.Contains("RateLimitRemaining=", line, StringComparison.Ordinal);
        var texts = (await app.StoredEventsAsync(user.AccountId)).Select(e => e.Text).OfType<string>().Where(t => t.Length >= 20).ToList();
        Assert.NotEmpty(texts);
        Assert.DoesNotContain(app.Logs.Lines, l => texts.Any(t => l.Contains(t, StringComparison.Ordinal)));
    }
}
