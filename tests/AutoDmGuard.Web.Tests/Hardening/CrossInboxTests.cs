using System.Text.RegularExpressions;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Hardening;

public sealed partial class CrossInboxTests
{
    [Fact]
    public async Task Cross_inbox_reason_is_only_a_count_and_names_no_other_account()
    {
        await using var app = await PollingAppFactory.StartAsync();
        // Theo's demo inbox shares some of Mira's bots: the shared template index sees their DMs in both inboxes.
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        await app.RunPassAsync();

        // Every reason stored for Theo: each DM's (the sender page shows them all) and each sender's top ones.
        var reasons = await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == theo.AccountId).Select(s => (string?)s.ReasonsJson).ToListAsync());
        reasons.AddRange(await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == theo.AccountId).Select(v => v.TopReasonsJson).ToListAsync()));
        var crossInbox = reasons.Where(r => r != null && r.Contains("inboxes", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(crossInbox);
        foreach (var json in crossInbox)
        {
            foreach (Match text in QuotedText().Matches(json!))
            {
                var value = text.Groups["t"].Value;
                if (value.Contains("inboxes", StringComparison.Ordinal))
                {
                    Assert.Matches(CountOnly(), value);
                }
            }

            Assert.DoesNotContain(mira.AccountId, json, StringComparison.Ordinal);
            Assert.DoesNotContain(mira.Username, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex("\"(?<t>[^\"]*)\"")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"^(template-seen-in-\d+-inboxes|other users received near-copies too \(\d+ inboxes\))$")]
    private static partial Regex CountOnly();
}
