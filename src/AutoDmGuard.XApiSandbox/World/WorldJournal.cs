using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// The append-only half of a persisted world (<see cref="PersistedWorld"/>): one JSON object per line for every change
/// the world accepts (new user, new DM event, follow, unfollow, mute, unmute). Each entry goes to the OS in one write
/// of one complete line (no user-space buffer), so a crash of the process loses at most the entry being written, and a
/// torn last line is recognisable (no newline) and dropped at load. Not thread-safe: <see cref="SandboxWorld"/> calls
/// it under its lock, in the order the changes are applied.
/// </summary>
internal sealed class WorldJournal : IDisposable
{
    public const string OpUser = "user";
    public const string OpEvent = "dm";
    public const string OpFollow = "follow";
    public const string OpUnfollow = "unfollow";
    public const string OpMute = "mute";
    public const string OpUnmute = "unmute";

    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    private WorldJournal(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>Opens the file for appending at <paramref name="length"/> (a torn tail beyond it is cut off first).</summary>
    public static WorldJournal OpenForAppend(string path, long length)
    {
        // Exclusive (a lock on Linux): a second sandbox, e.g. another app process on the same data folder, cannot open it.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            stream.SetLength(length);
            stream.Seek(length, SeekOrigin.Begin);
            return new WorldJournal(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void User(SandboxUser user) => Append(w =>
    {
        w.WriteString("op", OpUser);
        w.WriteString("id", user.Id);
        w.WriteString("username", user.Username);
        w.WriteString("name", user.Name);
        WriteIfSet(w, "description", user.Description);
        if (user.CreatedAt is { } created)
        {
            w.WriteString("created_at", Time(created));
        }

        w.WriteBoolean("verified", user.Verified);
        w.WriteBoolean("protected", user.Protected);
        WriteIfSet(w, "url", user.Url);
        WriteIfSet(w, "location", user.Location);
        if (user.PublicMetrics is { } m)
        {
            w.WriteStartArray("metrics");
            w.WriteNumberValue(m.FollowersCount);
            w.WriteNumberValue(m.FollowingCount);
            w.WriteNumberValue(m.TweetCount);
            w.WriteNumberValue(m.ListedCount);
            if (m.LikeCount is { } likes)
            {
                w.WriteNumberValue(likes);
            }

            w.WriteEndArray();
        }
    });

    public void Event(DmEvent evt) => Append(w =>
    {
        w.WriteString("op", OpEvent);
        w.WriteString("id", evt.Id);
        w.WriteString("type", evt.EventType);
        w.WriteString("conversation", evt.ConversationId);
        w.WriteString("created_at", Time(evt.CreatedAt));
        WriteIfSet(w, "sender", evt.SenderId);
        WriteIfSet(w, "text", evt.Text);
        if (evt.ParticipantIds is { } participants)
        {
            w.WriteStartArray("participants");
            foreach (var id in participants)
            {
                w.WriteStringValue(id);
            }

            w.WriteEndArray();
        }
    });

    /// <summary>follow / unfollow / mute / unmute; <paramref name="at"/> only for follow and mute.</summary>
    public void Relation(string op, string sourceId, string targetId, DateTime? at) => Append(w =>
    {
        w.WriteString("op", op);
        w.WriteString("source", sourceId);
        w.WriteString("target", targetId);
        if (at is { } time)
        {
            w.WriteString("at", Time(time));
        }
    });

    public void Dispose() => _stream.Dispose();

    /// <summary>Round-trip ("O") times: the journal must give back exactly the ticks it was given.</summary>
    public static string Time(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    public static DateTime ParseTime(string text)
    {
        var time = DateTime.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return time.Kind == DateTimeKind.Utc ? time : throw new FormatException($"\"{text}\" is not a UTC time");
    }

    private void Append(Action<Utf8JsonWriter> entry)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            entry(writer);
            writer.WriteEndObject();
        }

        _buffer.Write("\n"u8);

        // One write of the whole line, straight to the OS (bufferSize 0): an app crash cannot leave half an entry
        // followed by a newline. No fsync: like SQLite's synchronous=NORMAL next to it, an OS crash may lose the tail.
        _stream.Write(_buffer.WrittenSpan);
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
