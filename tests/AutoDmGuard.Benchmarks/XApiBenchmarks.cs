using System.Globalization;
using System.Text;
using System.Text.Json;
using AutoDmGuard.XApi;
using AutoDmGuard.XApi.Internal;
using BenchmarkDotNet.Attributes;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// Deserialising one full DM page (100 events with includes.users), as GET /2/dm_events returns it with the client's
/// default fields. Run: dotnet run -c Release --project tests/AutoDmGuard.Benchmarks -- --filter '*XApi*' --job short
/// </summary>
[MemoryDiagnoser]
public class XApiBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new UtcDateTimeOffsetConverter() },
    };

    private static readonly JsonSerializerOptions ReflectionWithoutConverterOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private byte[] _page = [];

    [GlobalSetup]
    public void Setup()
    {
        _page = Encoding.UTF8.GetBytes(BuildPage(events: 100, senders: 40));
        var check = JsonSerializer.Deserialize(_page, XApiJsonContext.Default.XListResponseXDmEvent)!;
        if (check.Data.Count != 100 || check.Includes.Users.Count != 41)
        {
            throw new InvalidOperationException("The generated page does not parse as expected.");
        }

        Console.WriteLine($"// XApiBenchmarks page: {_page.Length} bytes, 100 events, 41 included users");
    }

    [Benchmark(Baseline = true, Description = "Source-generated, from bytes")]
    public XListResponse<XDmEvent> SourceGeneratedFromBytes() =>
        JsonSerializer.Deserialize(_page, XApiJsonContext.Default.XListResponseXDmEvent)!;

    [Benchmark(Description = "Source-generated, async from a stream (client path)")]
    public async Task<XListResponse<XDmEvent>> SourceGeneratedFromStream()
    {
        using var stream = new MemoryStream(_page, writable: false);
        return (await JsonSerializer.DeserializeAsync(stream, XApiJsonContext.Default.XListResponseXDmEvent))!;
    }

    [Benchmark(Description = "Reflection, same options, from bytes")]
    public XListResponse<XDmEvent> ReflectionFromBytes() =>
        JsonSerializer.Deserialize<XListResponse<XDmEvent>>(_page, ReflectionOptions)!;

    [Benchmark(Description = "Reflection, built-in date parsing, from bytes")]
    public XListResponse<XDmEvent> ReflectionWithoutUtcConverterFromBytes() =>
        JsonSerializer.Deserialize<XListResponse<XDmEvent>>(_page, ReflectionWithoutConverterOptions)!;

    /// <summary>
    /// A GET /2/dm_events page as X sends it (docs/sandbox.md, DM lookups): MessageCreate events from a few dozen
    /// senders, a few with attachments or a shared post.
    /// </summary>
    internal static string BuildPage(int events, int senders)
    {
        const string Me = "1600000000000000001";
        var created = new DateTimeOffset(2026, 2, 10, 8, 30, 12, TimeSpan.Zero);
        var json = new StringBuilder("{\"data\":[");
        for (var i = 0; i < events; i++)
        {
            var sender = (1700000000000000000L + (i % senders)).ToString(CultureInfo.InvariantCulture);
            var id = (1890000000000000000L - (i * 4194304L)).ToString(CultureInfo.InvariantCulture);
            json.Append(i == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"id\":\"{id}\",\"event_type\":\"MessageCreate\",")
                .Append(CultureInfo.InvariantCulture, $"\"text\":\"Hey there, thanks so much for the follow! I help founders grow on X - grab my free guide at https://t.co/abc{i % 7}xyz and let me know what you think \\ud83d\\ude80 #{i}\",")
                .Append(CultureInfo.InvariantCulture, $"\"sender_id\":\"{sender}\",\"dm_conversation_id\":\"{Me}-{sender}\",")
                .Append(CultureInfo.InvariantCulture, $"\"created_at\":\"{created.AddMinutes(-i * 7):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\"");
            if (i % 10 == 0)
            {
                json.Append(CultureInfo.InvariantCulture, $",\"attachments\":{{\"media_keys\":[\"3_{id}\"]}}");
            }

            if (i % 15 == 0)
            {
                json.Append(CultureInfo.InvariantCulture, $",\"referenced_tweets\":[{{\"id\":\"{id}\"}}]");
            }

            json.Append('}');
        }

        json.Append("],\"includes\":{\"users\":[");
        for (var u = 0; u <= senders; u++)
        {
            var id = u == senders ? Me : (1700000000000000000L + u).ToString(CultureInfo.InvariantCulture);
            json.Append(u == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"id\":\"{id}\",\"name\":\"Sender {u}\",\"username\":\"sender_{u}\",")
                .Append("\"created_at\":\"2025-11-01T10:00:00.000Z\",\"description\":\"Growth coach. DM me for a free audit. Building in public.\",")
                .Append(CultureInfo.InvariantCulture, $"\"public_metrics\":{{\"followers_count\":{120 + u},\"following_count\":{4000 + u},\"tweet_count\":{50 + u},\"listed_count\":0,\"like_count\":12}},")
                .Append("\"verified\":false,\"protected\":false,\"profile_image_url\":\"https://pbs.example.test/p.jpg\",\"url\":\"https://t.co/x\"}");
        }

        json.Append(CultureInfo.InvariantCulture, $"]}},\"meta\":{{\"result_count\":{events},\"next_token\":\"18A2B3C4D5E6F7G8H9\"}}}}");
        return json.ToString();
    }
}
