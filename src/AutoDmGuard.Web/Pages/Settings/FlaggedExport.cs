using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Pages.Settings;

/// <summary>Writes the account's flagged senders and their DMs as CSV (one row per DM) or JSON, streaming from the database.</summary>
public sealed class FlaggedExport(AppDbContext db)
{
    private static readonly string[] CsvHeader =
        ["sender_id", "username", "name", "sender_score", "status", "mark", "dm_count", "dm_event_id", "dm_created_at", "dm_score", "dm_text"];

    public async Task WriteCsvAsync(string accountId, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteAsync(string.Join(',', CsvHeader) + "\r\n");
        await foreach (var r in Rows(accountId).AsAsyncEnumerable().WithCancellation(ct))
        {
            string?[] cells =
            [
                r.SenderId, r.Username, r.Name, Number(r.SenderScore), r.Status.ToString(), r.Mark?.ToString(), r.DmCount.ToString(CultureInfo.InvariantCulture),
                r.EventId, r.CreatedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), Number(r.DmScore), r.Text,
            ];
            await writer.WriteAsync(string.Join(',', cells.Select(CsvCell.Format)) + "\r\n");
        }
    }

    public async Task WriteJsonAsync(string accountId, Stream output, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("account_id", accountId);
        json.WriteStartArray("senders");
        string? current = null;
        await foreach (var r in Rows(accountId).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!string.Equals(current, r.SenderId, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                current = r.SenderId;
                json.WriteStartObject();
                json.WriteString("id", r.SenderId);
                json.WriteString("username", r.Username);
                json.WriteString("name", r.Name);
                json.WriteNumber("score", r.SenderScore);
                json.WriteString("status", r.Status.ToString());
                json.WriteString("mark", r.Mark?.ToString());
                json.WriteNumber("dm_count", r.DmCount);
                json.WriteStartArray("dms");
            }

            if (r.EventId is not null)
            {
                json.WriteStartObject();
                json.WriteString("id", r.EventId);
                json.WriteString("created_at", r.CreatedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                if (r.DmScore is { } score)
                {
                    json.WriteNumber("score", score);
                }

                json.WriteString("text", r.Text);
                json.WriteEndObject();
            }

            await json.FlushAsync(ct);
        }

        if (current is not null)
        {
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private IQueryable<ExportRow> Rows(string accountId) =>
        from v in db.SenderVerdicts.AsNoTracking()
        where v.AccountId == accountId && v.Flagged
        join u in db.KnownUsers on new { v.AccountId, UserId = v.SenderId } equals new { u.AccountId, u.UserId } into users
        from u in users.DefaultIfEmpty()
        join e in db.DmEvents.Where(e => e.EventType == "MessageCreate" && !e.FromMe) on new { v.AccountId, SenderId = (string?)v.SenderId } equals new { e.AccountId, e.SenderId } into dms
        from e in dms.DefaultIfEmpty()
        orderby v.Score descending, v.SenderId, e.Sequence
        select new ExportRow(
            v.SenderId,
            u == null ? null : u.Username,
            u == null ? null : u.Name,
            v.Score,
            v.Status,
            v.Mark,
            v.DmCount,
            e == null ? null : e.EventId,
            e == null ? null : e.CreatedAt,
            e == null || e.Score == null ? null : e.Score.Score,
            e == null ? null : e.Text);

    private static string Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private sealed record ExportRow(
        string SenderId, string? Username, string? Name, double SenderScore, SenderStatus Status, SenderMark? Mark, int DmCount,
        string? EventId, DateTime? CreatedAt, double? DmScore, string? Text);
}
