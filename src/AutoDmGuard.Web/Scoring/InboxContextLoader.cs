using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// What the classifier knows about an inbox besides its messages: whom the account follows and since when, its
/// allowlist (entries added by handle resolved against the profiles seen), the user's marks, and senders' profiles.
/// </summary>
public sealed class InboxContextLoader(AppDbContext db)
{
    public async Task<InboxContext> LoadContextAsync(Account account, CancellationToken cancellationToken)
    {
        var follows = await db.Follows.AsNoTracking()
            .Where(f => f.AccountId == account.Id && f.UnfollowedAt == null)
            .Select(f => new { f.UserId, f.FollowedAt })
            .ToDictionaryAsync(f => f.UserId, f => f.FollowedAt, StringComparer.Ordinal, cancellationToken);
        var allowlist = await db.AllowlistEntries.AsNoTracking()
            .Where(a => a.AccountId == account.Id)
            .Select(a => new { a.UserId, a.Username })
            .ToListAsync(cancellationToken);
        var allowIds = allowlist.Where(a => a.UserId is not null).Select(a => a.UserId!).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in allowlist.Where(a => a.UserId is null))
        {
            // An entry added by handle before we saw the user: resolve it against the profiles we know (handles are case-insensitive).
            var resolved = await db.KnownUsers.AsNoTracking()
                .WithHandle(account.Id, HandleQueries.Key(entry.Username))
                .Select(u => u.UserId)
                .FirstOrDefaultAsync(cancellationToken);
            if (resolved is not null)
            {
                allowIds.Add(resolved);
            }
        }

        var marks = await db.SenderVerdicts.AsNoTracking()
            .Where(v => v.AccountId == account.Id && v.Mark != null)
            .Select(v => new { v.SenderId, v.Mark, v.UpdatedAt })
            .ToListAsync(cancellationToken);
        // The dashboard offers one mark, "not automated" (SenderMark); the classifier's feedback knows both labels.
        var feedback = new FeedbackSet(marks.Select(m => new FeedbackMark(m.SenderId, FeedbackLabel.NotAutomated, m.UpdatedAt)));
        return new InboxContext(account.Id, account.Username, account.Name, follows, allowIds, feedback);
    }

    public async Task<List<SenderProfile>> LoadProfilesAsync(string accountId, List<string> senderIds, CancellationToken cancellationToken)
    {
        var profiles = new List<SenderProfile>(senderIds.Count);
        foreach (var chunk in senderIds.Chunk(1000))
        {
            var ids = chunk.ToList();
            profiles.AddRange(await db.KnownUsers.AsNoTracking()
                .Where(u => u.AccountId == accountId && ids.Contains(u.UserId))
                .Select(u => new SenderProfile(u.UserId, u.Username, u.Name, u.Description, u.CreatedAt, u.Verified, u.FollowersCount, u.FollowingCount))
                .ToListAsync(cancellationToken));
        }

        return profiles;
    }
}
