using System.Text.RegularExpressions;
using AutoDmGuard.Web.Tests.Polling;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Tests.Scoring;

public sealed partial class CrossInboxTests
{
    [Fact]
    public async Task Cross_inbox_reason_is_only_a_count_and_names_no_other_account()
    {
        await using var app = await PollingAppFactory.StartAsync();
        // Theo's demo inbox shares some of Mira's bots: the shared template index sees their DMs in both inboxes.
        using var mira = await app.SignInAsync(app.Sandbox.SignableAccounts[0].Username);
        using var theo = await app.SignInAsync(app.Sandbox.SignableAccounts[1].Username);
        // Whichever inbox the pass scores second sees the other's copies (the accounts are polled in parallel, so which
        // one is not fixed): the reason must turn up in one of them, and neither may name the other.
        await app.RunPassAsync();

        var seen = 0;
        foreach (var (reader, other) in new[] { (theo, mira), (mira, theo) })
        {
            // Every reason stored for the reader: each DM's (the sender page shows them all) and each sender's top ones.
            var reasons = await app.WithDbAsync(db => db.DmScores.Where(s => s.AccountId == reader.AccountId).Select(s => (string?)s.ReasonsJson).ToListAsync());
            reasons.AddRange(await app.WithDbAsync(db => db.SenderVerdicts.Where(v => v.AccountId == reader.AccountId).Select(v => v.TopReasonsJson).ToListAsync()));
            var crossInbox = reasons.Where(r => r != null && r.Contains("inboxes", StringComparison.Ordinal)).ToList();
            seen += crossInbox.Count;
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

                Assert.DoesNotContain(other.AccountId, json, StringComparison.Ordinal);
                Assert.DoesNotContain(other.Username, json, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(seen > 0, "no stored reason mentions other inboxes: the check above proved nothing");
    }

    [GeneratedRegex("\"(?<t>[^\"]*)\"")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"^(template-seen-in-\d+-inboxes|other users received near-copies too \(\d+ inboxes\))$")]
    private static partial Regex CountOnly();
}
