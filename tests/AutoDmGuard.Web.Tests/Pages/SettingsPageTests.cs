using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Tests.Infrastructure;
using AutoDmGuard.Web.Tests.Senders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Tests.Pages;

public sealed class SettingsPageTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private static Task<HttpResponseMessage> PostSettingsAsync(SignedInUser user, string handler, params (string Key, string Value)[] fields) =>
        DashboardRequests.PostAsync(user, handler, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), page: "/settings");

    [Fact]
    public async Task Out_of_range_values_are_refused_with_a_message_and_nothing_saved()
    {
        var user = await app.SignInAsync();
        var before = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId));

        using var response = await PostSettingsAsync(user, "Save", ("Input.FlagThreshold", "7"), ("Input.PollIntervalMinutes", "0"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The flag threshold must be between 0.05 and 0.95.", html, StringComparison.Ordinal);
        Assert.Contains("The interval must be between 1 and 1440 minutes.", html, StringComparison.Ordinal);
        var after = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId));
        Assert.Equal((before.FlagThreshold, before.PollIntervalSeconds), (after.FlagThreshold, after.PollIntervalSeconds));
    }

    [Fact]
    public async Task The_page_shows_the_threshold_the_worker_flags_at_and_an_unchanged_save_keeps_it()
    {
        var user = await app.SignInAsync();
        // The class's tests share this account; start from no threshold of its own, whichever test ran first.
        await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.FlagThreshold, (double?)null)));
        var workerThreshold = app.Services.GetRequiredService<IOptions<ScoringOptions>>().Value
            .FlagThresholdFor(await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId)));
        Assert.Equal(Core.ClassifierOptions.Default.FlagThreshold, workerThreshold);

        var html = await user.Client.GetStringAsync("/settings");
        var shown = Regex.Match(html, "name=\"Input.FlagThreshold\"[^>]*value=\"(?<v>[^\"]+)\"|value=\"(?<v>[^\"]+)\"[^>]*name=\"Input.FlagThreshold\"").Groups["v"].Value;
        Assert.Equal(workerThreshold, double.Parse(shown, CultureInfo.InvariantCulture), 6);

        // Save as the page was shown: the account keeps flagging where the worker did.
        using var response = await PostSettingsAsync(user, "Save", ("Input.FlagThreshold", shown), ("Input.PollIntervalMinutes", "1"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var account = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId));
        Assert.Equal(workerThreshold, account.FlagThreshold!.Value, 6);
    }

    [Fact]
    public async Task Saving_a_threshold_reflags_stored_scores_but_never_a_kept_sender()
    {
        var user = await app.SignInAsync();
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        var middling = seed.Sender("middling_" + SenderSeed.NewId()[^6..], 0.72, flagged: true);
        var kept = seed.Sender("kept_" + SenderSeed.NewId()[^6..], 0.95, flagged: false, status: SenderStatus.Kept, mark: SenderMark.NotAutomated);
        await app.SeedAsync(seed);

        // Above the middling score and away from the fitted default, so saving it changes where the account flags.
        const double Threshold = 0.9;
        Assert.NotEqual(Threshold, Core.ClassifierOptions.Default.FlagThreshold, 6);
        using var response = await PostSettingsAsync(user, "Save", ("Input.FlagThreshold", "0.9"), ("Input.PollIntervalMinutes", "5"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var account = await app.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == user.AccountId));
        Assert.Equal((Threshold, 300), (account.FlagThreshold, account.PollIntervalSeconds));
        var flags = await app.WithDbAsync(db => db.SenderVerdicts.AsNoTracking()
            .Where(v => v.AccountId == user.AccountId && (v.SenderId == middling.Id || v.SenderId == kept.Id))
            .ToDictionaryAsync(v => v.SenderId, v => v.Flagged));
        Assert.False(flags[middling.Id]);
        Assert.False(flags[kept.Id]);

        using var reset = await PostSettingsAsync(user, "Save", ("Input.FlagThreshold", "0.5"), ("Input.PollIntervalMinutes", "1"));
        Assert.True(await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && v.SenderId == middling.Id).Select(v => v.Flagged).SingleAsync()));
    }

    [Fact]
    public async Task Allowlisting_a_sender_unflags_them_and_bad_handles_are_refused()
    {
        var user = await app.SignInAsync();
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        var handle = "friendly_" + SenderSeed.NewId()[^6..];
        var sender = seed.Sender(handle, 0.9);
        await app.SeedAsync(seed);

        using var bad = await PostSettingsAsync(user, "Allow", ("Allow.Username", "<script>"));
        using var good = await PostSettingsAsync(user, "Allow", ("Allow.Username", "@" + handle.ToUpperInvariant()));

        Assert.Contains("A handle is 1 to 15 letters, digits or underscores.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var entry = await app.WithDbAsync(db => db.AllowlistEntries.AsNoTracking().SingleAsync(e => e.AccountId == user.AccountId && e.UserId == sender.Id));
        Assert.Equal(handle, entry.Username);
        Assert.False(await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && v.SenderId == sender.Id).Select(v => v.Flagged).SingleAsync()));
        Assert.Contains($"data-handle=\"{handle}\"", await user.GetPageAsync("/settings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lowering_the_threshold_never_flags_an_allowlisted_sender()
    {
        var user = await app.SignInAsync();
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        var handle = "trusted_" + SenderSeed.NewId()[^6..];
        var sender = seed.Sender(handle, 0.9);
        await app.SeedAsync(seed);
        using var allow = await PostSettingsAsync(user, "Allow", ("Allow.Username", handle));

        try
        {
            using var response = await PostSettingsAsync(user, "Save", ("Input.FlagThreshold", "0.5"), ("Input.PollIntervalMinutes", "1"));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(0.5, await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId).Select(a => a.FlagThreshold).SingleAsync()));
            Assert.False(await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == user.AccountId && v.SenderId == sender.Id).Select(v => v.Flagged).SingleAsync()));
        }
        finally
        {
            // The class shares one account: give it back with no threshold of its own, as the other tests expect.
            await app.WithDbAsync(db => db.Accounts.Where(a => a.Id == user.AccountId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.FlagThreshold, (double?)null)));
        }
    }

    [Fact]
    public async Task Csv_export_is_injection_safe_and_holds_only_this_accounts_flagged_senders()
    {
        var user = await app.SignInAsync();
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        var tag = SenderSeed.NewId()[^6..];
        seed.Sender("csv_" + tag, 0.9, name: "=cmd|' /C calc'!A0", texts: ["+1 call now, \"really\"", "@everyone -check this"]);
        seed.Sender("csvfriend_" + tag, 0.1, flagged: false);
        await app.SeedAsync(seed);
        var stranger = new SenderSeed();
        stranger.Sender("strangers_" + tag, 0.99);
        await app.SeedAsync(stranger);

        using var response = await user.Client.GetAsync(new Uri("/settings?handler=Export&format=csv", UriKind.Relative));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains($"csv_{tag},'=cmd|' /C calc'!A0", csv, StringComparison.Ordinal);
        Assert.Contains("\"'+1 call now, \"\"really\"\"\"", csv, StringComparison.Ordinal);
        Assert.Contains("'@everyone -check this", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("csvfriend_" + tag, csv, StringComparison.Ordinal);
        Assert.DoesNotContain("strangers_" + tag, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_export_lists_flagged_senders_with_their_dms()
    {
        var user = await app.SignInAsync();
        var seed = new SenderSeed(user.AccountId) { IncludeAccount = false };
        var tag = SenderSeed.NewId()[^6..];
        var sender = seed.Sender("json_" + tag, 0.9, texts: ["one <b>bold</b>", "two"]);
        await app.SeedAsync(seed);

        using var response = await user.Client.GetAsync(new Uri("/settings?handler=Export&format=json", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var bad = await user.Client.GetAsync(new Uri("/settings?handler=Export&format=xlsx", UriKind.Relative));

        var exported = document.RootElement.GetProperty("senders").EnumerateArray().Single(s => s.GetProperty("id").GetString() == sender.Id);
        Assert.Equal(["one <b>bold</b>", "two"], exported.GetProperty("dms").EnumerateArray().Select(d => d.GetProperty("text").GetString()));
        Assert.Equal(user.AccountId, document.RootElement.GetProperty("account_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
