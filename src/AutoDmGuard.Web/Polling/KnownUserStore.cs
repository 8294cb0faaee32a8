using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Polling;

/// <summary>Upserts the X users a response included (DM senders, followed accounts) into the account's KnownUser rows.</summary>
internal static class KnownUserStore
{
    private const int Chunk = 500;

    public static async Task StageAsync(AppDbContext db, string accountId, IReadOnlyList<XUser> users, DateTime now, CancellationToken cancellationToken)
    {
        var distinct = users
            .Where(u => !string.IsNullOrEmpty(u.Id) && !string.IsNullOrEmpty(u.Username))
            .GroupBy(u => u.Id, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        foreach (var chunk in distinct.Chunk(Chunk))
        {
            var ids = chunk.Select(u => u.Id).ToList();
            var tracked = db.KnownUsers.Local
                .Where(k => k.AccountId == accountId && ids.Contains(k.UserId))
                .ToDictionary(k => k.UserId, StringComparer.Ordinal);
            var missing = ids.Where(id => !tracked.ContainsKey(id)).ToList();
            if (missing.Count > 0)
            {
                var loaded = await db.KnownUsers
                    .Where(k => k.AccountId == accountId && missing.Contains(k.UserId))
                    .ToListAsync(cancellationToken);
                foreach (var row in loaded)
                {
                    tracked[row.UserId] = row;
                }
            }

            foreach (var user in chunk)
            {
                if (!tracked.TryGetValue(user.Id, out var row))
                {
                    row = new KnownUser { AccountId = accountId, UserId = user.Id, Username = user.Username };
                    db.KnownUsers.Add(row);
                    tracked[user.Id] = row;
                }

                Apply(row, user, now);
            }
        }
    }

    private static void Apply(KnownUser row, XUser user, DateTime now)
    {
        row.Username = Clip(user.Username, 50)!;
        // A DM include may carry fewer fields than a profile lookup: keep what we knew rather than erase it.
        row.Name = Clip(user.Name, 100) ?? row.Name;
        row.Description = Clip(user.Description, 1000) ?? row.Description;
        row.ProfileImageUrl = Clip(user.ProfileImageUrl, 500) ?? row.ProfileImageUrl;
        row.CreatedAt = user.CreatedAt?.UtcDateTime ?? row.CreatedAt;
        row.Verified = user.Verified ?? row.Verified;
        row.Protected = user.Protected ?? row.Protected;
        row.FollowersCount = ClampCount(user.PublicMetrics?.FollowersCount) ?? row.FollowersCount;
        row.FollowingCount = ClampCount(user.PublicMetrics?.FollowingCount) ?? row.FollowingCount;
        row.UpdatedAt = now;
    }

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    private static int? ClampCount(long? count) => count is { } c ? (int)Math.Clamp(c, 0, int.MaxValue) : null;
}
