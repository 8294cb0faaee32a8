using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Adds a page of DM events and their senders to the context: only event ids not stored yet (the (AccountId, EventId)
/// key is the final guard), users upserted. The caller saves, so a page and its cursor commit together.
/// </summary>
internal sealed class DmEventStore(AppDbContext db, ILogger<DmEventStore> logger)
{
    private const int MaxTextLength = 10_000;

    /// <summary>Stages the events of one read; returns the events that were new (validated before anything is staged).</summary>
    public async Task<IReadOnlyList<DmEvent>> StageAsync(
        string accountId, IReadOnlyList<XDmEvent> events, IReadOnlyList<XUser> users, DateTime now, CancellationToken cancellationToken)
    {
        // Map first: one bad event rejects the whole page before anything reaches the context.
        var mapped = new List<DmEvent>(events.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var evt in events)
        {
            var entity = Map(accountId, evt, now);
            if (seen.Add(entity.EventId))
            {
                mapped.Add(entity);
            }
        }

        var ids = mapped.Select(e => e.EventId).ToList();
        var existing = ids.Count == 0
            ? []
            : await db.DmEvents.AsNoTracking()
                .Where(e => e.AccountId == accountId && ids.Contains(e.EventId))
                .Select(e => e.EventId)
                .ToHashSetAsync(StringComparer.Ordinal, cancellationToken);

        var added = new List<DmEvent>(mapped.Count - existing.Count);
        foreach (var entity in mapped.Where(e => !existing.Contains(e.EventId)))
        {
            db.DmEvents.Add(entity);
            added.Add(entity);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                PollingLog.DmStored(logger, accountId, entity.EventId, entity.SenderId, entity.Text);
            }
        }

        await KnownUserStore.StageAsync(db, accountId, users, now, cancellationToken);
        return added;
    }

    private static DmEvent Map(string accountId, XDmEvent evt, DateTime now)
    {
        if (string.IsNullOrEmpty(evt.Id)
            || !long.TryParse(evt.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || evt.Id.Length > 20)
        {
            throw new PolledDataException("A DM event without a numeric id was returned.");
        }

        if (string.IsNullOrEmpty(evt.EventType) || evt.EventType.Length > 32)
        {
            throw new PolledDataException($"DM event {evt.Id} has no event type.");
        }

        // created_at is requested on every read; should X leave it out, the snowflake carries the time.
        var createdAt = evt.CreatedAt ?? XSnowflake.Timestamp(evt.Id)
            ?? throw new PolledDataException($"DM event {evt.Id} has no created_at.");

        var text = evt.Text is { Length: > MaxTextLength } tooLong ? tooLong[..MaxTextLength] : evt.Text;
        var isMessage = evt.IsMessage;
        return new DmEvent
        {
            AccountId = accountId,
            EventId = evt.Id,
            Sequence = sequence,
            EventType = evt.EventType,
            Text = text,
            SenderId = evt.SenderId,
            ConversationId = evt.DmConversationId ?? "",
            CreatedAt = createdAt.UtcDateTime,
            ParticipantIds = evt.ParticipantIds.Count > 0 ? string.Join(',', evt.ParticipantIds) : null,
            FromMe = isMessage && string.Equals(evt.SenderId, accountId, StringComparison.Ordinal),
            StoredAt = now,
        };
    }
}
