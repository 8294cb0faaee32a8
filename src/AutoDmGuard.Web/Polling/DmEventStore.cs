using System.Globalization;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// Writes a page of DM events and their senders inside the caller's transaction: INSERT ... ON CONFLICT DO NOTHING on
/// the (AccountId, EventId) key, so only ids not stored yet are added and the database, not a prior read, decides.
/// Plain prepared commands rather than change tracking: a 100,000-DM backfill is a thousand pages, and a page's commit
/// must cost less CPU than reading it from X, which per-entity tracking does not.
/// </summary>
internal sealed class DmEventStore(AppDbContext db, ILogger<DmEventStore> logger)
{
    private const int MaxTextLength = 10_000;

    /// <summary>Validates the whole page first (one bad event rejects it), then inserts; returns how many events were new.</summary>
    public async Task<int> InsertAsync(
        string accountId, IReadOnlyList<XDmEvent> events, IReadOnlyList<XUser> users, DateTime now, CancellationToken cancellationToken)
    {
        var rows = events.Select(e => Map(accountId, e, now)).ToList();
        await using var insert = SqlCommands.PrepareInsert<DmEvent>(
            db,
            [
                nameof(DmEvent.AccountId), nameof(DmEvent.EventId), nameof(DmEvent.Sequence), nameof(DmEvent.EventType),
                nameof(DmEvent.Text), nameof(DmEvent.SenderId), nameof(DmEvent.ConversationId), nameof(DmEvent.CreatedAt),
                nameof(DmEvent.ParticipantIds), nameof(DmEvent.FromMe), nameof(DmEvent.StoredAt),
            ],
            "ON CONFLICT DO NOTHING");
        var added = 0;
        foreach (var row in rows)
        {
            insert[nameof(DmEvent.AccountId)] = row.AccountId;
            insert[nameof(DmEvent.EventId)] = row.EventId;
            insert[nameof(DmEvent.Sequence)] = row.Sequence;
            insert[nameof(DmEvent.EventType)] = row.EventType;
            insert[nameof(DmEvent.Text)] = row.Text;
            insert[nameof(DmEvent.SenderId)] = row.SenderId;
            insert[nameof(DmEvent.ConversationId)] = row.ConversationId;
            insert[nameof(DmEvent.CreatedAt)] = row.CreatedAt;
            insert[nameof(DmEvent.ParticipantIds)] = row.ParticipantIds;
            insert[nameof(DmEvent.FromMe)] = row.FromMe;
            insert[nameof(DmEvent.StoredAt)] = row.StoredAt;
            if (await insert.ExecuteAsync(cancellationToken) == 1)
            {
                added++;
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    PollingLog.DmStored(logger, accountId, row.EventId, row.SenderId, row.Text);
                }
            }
        }

        await KnownUserStore.UpsertAsync(db, accountId, users, now, cancellationToken);
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
            FromMe = evt.IsMessage && string.Equals(evt.SenderId, accountId, StringComparison.Ordinal),
            StoredAt = now,
        };
    }
}
