using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>Evidence from when a sender's first DM came after the user followed them: auto-DM tools fire on the follow.</summary>
internal sealed class TimingEvidence(InboxContext context)
{
    public void Add(DmFacts facts)
    {
        var m = facts.Message;
        if (!context.FollowedAtByUserId.TryGetValue(m.SenderId, out var followedAt) || followedAt is not { } at)
        {
            return;
        }

        var delay = m.CreatedAtUtc - at;
        if (delay < TimeSpan.Zero)
        {
            return;
        }

        var seconds = delay.TotalSeconds;
        var when = seconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMinutes:0} min");
        if (delay <= TimeSpan.FromMinutes(1))
        {
            facts.AddContext("dm-within-a-minute-of-follow", $"their first DM came {when} after you followed them");
        }
        else if (delay <= TimeSpan.FromMinutes(15))
        {
            facts.AddContext("dm-within-minutes-of-follow", $"their first DM came {when} after you followed them");
        }
        else if (delay <= TimeSpan.FromHours(1))
        {
            // The app knows a follow only as the span between two looks at the following list (docs/worker.md, step 3),
            // so "at most an hour" is often all it can say of a bot that wrote seconds after the follow.
            facts.AddContext("dm-within-an-hour-of-follow", $"their first DM came {when} after you followed them");
        }
        else if (delay <= TimeSpan.FromDays(1))
        {
            facts.AddContext(
                "dm-within-a-day-of-follow",
                string.Create(CultureInfo.InvariantCulture, $"their first DM came {delay.TotalHours:0.#} h after you followed them"));
        }
    }
}
