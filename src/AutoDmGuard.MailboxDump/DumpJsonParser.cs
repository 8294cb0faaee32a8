using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AutoDmGuard.MailboxDump;

/// <summary>
/// Reads a dump's JSON into <see cref="MailboxDto"/> with one forward <see cref="Utf8JsonReader"/> pass: the same
/// result as <c>JsonSerializer.Deserialize</c> with <see cref="DumpJsonContext"/> (unknown properties skipped, null
/// allowed everywhere, last duplicate wins, no comments or trailing commas), at a fraction of the cost on a
/// 100,000-DM dump. Every problem becomes a <see cref="MailboxDumpException"/> naming the JSON path.
/// </summary>
internal ref struct DumpJsonParser
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    // Ids repeat across a dump (a sender's id on each of its DMs, a conversation's on each of its events): one string
    // per distinct id instead of one per occurrence, fewer objects for the GC to copy while the dump's lists grow.
    // Bounded, so a dump of all-distinct ids does not grow the table without use.
    private const int MaxSharedIds = 1 << 16;
    private const int MaxSharedIdLength = 64;

    private readonly string _source;
    private readonly bool _parseTimes;
    private readonly Utf8TextStore? _texts;
    private readonly Dictionary<string, string> _ids;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _idLookup;
    private Utf8JsonReader _reader;

    // Where the reader is, kept as parts so a path string is only built for an error message.
    private string? _array;
    private int _index;
    private string? _child;
    private string? _property;

    private DumpJsonParser(ReadOnlySpan<byte> json, string source, bool parseTimes, Utf8TextStore? texts)
    {
        _texts = texts;
        _reader = new Utf8JsonReader(json, Options);
        _source = source;
        _parseTimes = parseTimes;
        _ids = new Dictionary<string, string>(StringComparer.Ordinal);
        _idLookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _index = -1;
    }

    /// <summary>
    /// The dump's objects, or null for a JSON <c>null</c> document. With <paramref name="parseTimes"/>, an event's
    /// <c>created_at</c> in the X API's exact spelling is parsed from its bytes into <see cref="DmEventDto.CreatedAtUtc"/>
    /// (and <see cref="DmEventDto.CreatedAt"/> left null: no string per event); any other spelling stays a string.
    /// With <paramref name="texts"/>, an event's string <c>text</c> is stored there instead of in a string
    /// (<see cref="DmEventDto.TextHandle"/>, with <see cref="DmEventDto.Text"/> null).
    /// </summary>
    public static MailboxDto? Parse(ReadOnlySpan<byte> json, string source, bool parseTimes = false, Utf8TextStore? texts = null)
    {
        var parser = new DumpJsonParser(json, source, parseTimes, texts);
        try
        {
            return parser.ParseDocument();
        }
        catch (JsonException ex)
        {
            throw parser.Malformed(ex);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader's typed getters throw this for a token of another type (a string where a number belongs).
            throw parser.WrongType();
        }
    }

    private MailboxDto? ParseDocument()
    {
        Next();
        MailboxDto? dto = null;
        if (_reader.TokenType != JsonTokenType.Null)
        {
            ExpectStartObject();
            string? format = null;
            UserDto? me = null;
            IReadOnlyList<UserDto?>? users = null;
            IReadOnlyList<FollowingDto?>? following = null;
            IReadOnlyList<DmEventDto?>? events = null;
            while (NextProperty())
            {
                if (Is("format"u8, "format"))
                {
                    format = ReadString();
                }
                else if (Is("me"u8, "me"))
                {
                    _array = "me";
                    _property = null;
                    me = ReadUser();
                    _array = null;
                }
                else if (Is("users"u8, "users"))
                {
                    users = ReadArray("users", static (ref DumpJsonParser p) => p.ReadUserItem());
                }
                else if (Is("following"u8, "following"))
                {
                    following = ReadArray("following", static (ref DumpJsonParser p) => p.ReadFollowing());
                }
                else if (Is("dm_events"u8, "dm_events"))
                {
                    events = ReadArray("dm_events", static (ref DumpJsonParser p) => p.ReadEvent());
                }
                else
                {
                    SkipValue();
                }
            }

            dto = new MailboxDto(format, me, users, following, events);
        }

        // Anything but whitespace after the document is an error, as for the serializer.
        _property = null;
        if (_reader.Read())
        {
            throw WrongType();
        }

        return dto;
    }

    private delegate T ItemReader<T>(ref DumpJsonParser parser);

    private ChunkedList<T?>? ReadArray<T>(string name, ItemReader<T> item)
        where T : class
    {
        Next();
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType();
        }

        var list = new ChunkedList<T?>();
        _array = name;
        _property = null;
        for (_index = 0; ; _index++)
        {
            Next();
            if (_reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            list.Add(_reader.TokenType == JsonTokenType.Null ? null : item(ref this));
        }

        _array = null;
        _index = -1;
        _property = null;
        return list;
    }

    private UserDto? ReadUser() => StartNullableObject() ? ReadUserBody() : null;

    private UserDto ReadUserItem()
    {
        ExpectStartObject();
        return ReadUserBody();
    }

    private UserDto ReadUserBody()
    {
        string? id = null, username = null, name = null, description = null, createdAt = null;
        string? url = null, location = null;
        bool? verified = null, isProtected = null;
        PublicMetricsDto? metrics = null;
        while (NextProperty())
        {
            if (Is("id"u8, "id"))
            {
                id = ReadId();
            }
            else if (Is("username"u8, "username"))
            {
                username = ReadString();
            }
            else if (Is("name"u8, "name"))
            {
                name = ReadString();
            }
            else if (Is("description"u8, "description"))
            {
                description = ReadString();
            }
            else if (Is("created_at"u8, "created_at"))
            {
                createdAt = ReadString();
            }
            else if (Is("verified"u8, "verified"))
            {
                verified = ReadBool();
            }
            else if (Is("public_metrics"u8, "public_metrics"))
            {
                metrics = ReadMetrics();
            }
            else if (Is("protected"u8, "protected"))
            {
                isProtected = ReadBool();
            }
            else if (Is("url"u8, "url"))
            {
                url = ReadString();
            }
            else if (Is("location"u8, "location"))
            {
                location = ReadString();
            }
            else
            {
                SkipValue();
            }
        }

        _property = null;
        return new UserDto(id, username, name, description, createdAt, verified, metrics, isProtected, url, location);
    }

    private PublicMetricsDto? ReadMetrics()
    {
        if (!StartNullableObject())
        {
            return null;
        }

        _child = "public_metrics";
        long? followers = null, following = null, tweets = null, listed = null, likes = null;
        while (NextProperty())
        {
            if (Is("followers_count"u8, "followers_count"))
            {
                followers = ReadLong();
            }
            else if (Is("following_count"u8, "following_count"))
            {
                following = ReadLong();
            }
            else if (Is("tweet_count"u8, "tweet_count"))
            {
                tweets = ReadLong();
            }
            else if (Is("listed_count"u8, "listed_count"))
            {
                listed = ReadLong();
            }
            else if (Is("like_count"u8, "like_count"))
            {
                likes = ReadLong();
            }
            else
            {
                SkipValue();
            }
        }

        _child = null;
        _property = "public_metrics";
        return new PublicMetricsDto(followers, following, tweets, listed, likes);
    }

    private FollowingDto ReadFollowing()
    {
        ExpectStartObject();
        string? userId = null, followedAt = null;
        while (NextProperty())
        {
            if (Is("user_id"u8, "user_id"))
            {
                userId = ReadId();
            }
            else if (Is("followed_at"u8, "followed_at"))
            {
                followedAt = ReadString();
            }
            else
            {
                SkipValue();
            }
        }

        _property = null;
        return new FollowingDto(userId, followedAt);
    }

    private DmEventDto ReadEvent()
    {
        ExpectStartObject();
        string? id = null, type = null, text = null, senderId = null, conversationId = null, createdAt = null;
        var textHandle = -1;
        DateTime? createdAtUtc = null;
        List<string?>? participants = null;
        while (NextProperty())
        {
            if (Is("id"u8, "id"))
            {
                id = ReadString();
            }
            else if (Is("event_type"u8, "event_type"))
            {
                // Three known values: share their strings instead of allocating one per event.
                Next();
                type = _reader.ValueTextEquals("MessageCreate"u8) ? "MessageCreate" : CurrentString();
            }
            else if (Is("text"u8, "text"))
            {
                Next();
                if (textHandle >= 0)
                {
                    _texts!.Discard(textHandle); // a duplicate property: the last one wins
                    textHandle = -1;
                }

                if (_texts is not null && _reader.TokenType == JsonTokenType.String)
                {
                    textHandle = _texts.Add(ref _reader);
                    text = null;
                }
                else
                {
                    text = CurrentString();
                }
            }
            else if (Is("sender_id"u8, "sender_id"))
            {
                senderId = ReadId();
            }
            else if (Is("dm_conversation_id"u8, "dm_conversation_id"))
            {
                conversationId = ReadId();
            }
            else if (Is("created_at"u8, "created_at"))
            {
                Next();
                if (_parseTimes && _reader.TokenType == JsonTokenType.String && !_reader.ValueIsEscaped
                    && MailboxDumpReader.TryXTime(_reader.ValueSpan, out var utc))
                {
                    (createdAt, createdAtUtc) = (null, utc);
                }
                else
                {
                    (createdAt, createdAtUtc) = (CurrentString(), null);
                }
            }
            else if (Is("participant_ids"u8, "participant_ids"))
            {
                participants = ReadStrings();
            }
            else
            {
                SkipValue();
            }
        }

        _property = null;
        return new DmEventDto(id, type, text, senderId, conversationId, createdAt, participants) { CreatedAtUtc = createdAtUtc, TextHandle = textHandle };
    }

    private void Next()
    {
        if (!_reader.Read())
        {
            throw Malformed(null);
        }
    }

    private void ExpectStartObject()
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType();
        }
    }

    private bool StartNullableObject()
    {
        Next();
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        ExpectStartObject();
        return true;
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private bool NextProperty()
    {
        Next();
        return _reader.TokenType != JsonTokenType.EndObject;
    }

    private bool Is(ReadOnlySpan<byte> utf8Name, string name)
    {
        if (!_reader.ValueTextEquals(utf8Name))
        {
            return false;
        }

        _property = name;
        return true;
    }

    private void SkipValue()
    {
        _property = _reader.GetString();
        _reader.Skip();
    }

    private string? ReadString()
    {
        Next();
        return CurrentString();
    }

    private string? CurrentString() =>
        _reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => _reader.GetString(),
            _ => throw WrongType(),
        };

    /// <summary>A string value that is an id (or should be): the same string for every occurrence of the same plain ASCII value.</summary>
    private string? ReadId()
    {
        Next();
        if (_reader.TokenType != JsonTokenType.String || _reader.ValueIsEscaped || _reader.ValueSpan.Length > MaxSharedIdLength
            || !Ascii.IsValid(_reader.ValueSpan))
        {
            return CurrentString();
        }

        Span<char> chars = stackalloc char[MaxSharedIdLength];
        Ascii.ToUtf16(_reader.ValueSpan, chars, out var written); // ASCII and short enough: always complete
        var value = chars[..written];
        if (_idLookup.TryGetValue(value, out var shared))
        {
            return shared;
        }

        var id = value.ToString();
        if (_ids.Count < MaxSharedIds)
        {
            _ids.Add(id, id);
        }

        return id;
    }

    private List<string?>? ReadStrings()
    {
        Next();
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType();
        }

        var list = new List<string?>();
        while (true)
        {
            Next();
            if (_reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            list.Add(CurrentString());
        }
    }

    private bool? ReadBool()
    {
        Next();
        return _reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw WrongType(),
        };
    }

    private long? ReadLong()
    {
        Next();
        return _reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when _reader.TryGetInt64(out var value) => value,
            _ => throw WrongType(),
        };
    }

    private readonly string Path()
    {
        var path = "$";
        if (_array is not null)
        {
            path += "." + _array + (_index >= 0 ? string.Create(CultureInfo.InvariantCulture, $"[{_index}]") : "");
        }

        if (_child is not null)
        {
            path += "." + _child;
        }

        return _property is null ? path : path + "." + _property;
    }

    private readonly MailboxDumpException Malformed(JsonException? ex) =>
        MailboxDumpException.At(_source, Path(), string.Create(
            CultureInfo.InvariantCulture,
            $"malformed or truncated JSON (line {(ex?.LineNumber ?? 0) + 1}, byte {ex?.BytePositionInLine ?? _reader.BytesConsumed})"));

    private readonly MailboxDumpException WrongType() =>
        MailboxDumpException.At(_source, Path(), string.Create(
            CultureInfo.InvariantCulture,
            $"malformed JSON: unexpected {_reader.TokenType} (byte {_reader.TokenStartIndex})"));
}
