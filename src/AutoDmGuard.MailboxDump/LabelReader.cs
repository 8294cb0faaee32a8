using System.Text.Json;

namespace AutoDmGuard.MailboxDump;

/// <summary>A labels file line: is the DM automated, and its category (FORMAT.md, "Labels").</summary>
public sealed record DmLabel(string EventId, bool Automated, string Category);

/// <summary>Reads an evaluation set's labels file; every problem names the line and the JSON path.</summary>
public static class LabelReader
{
    public static Dictionary<string, DmLabel> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MailboxDumpException($"{path}: cannot read the file: {ex.Message}", null, ex);
        }

        var labels = new Dictionary<string, DmLabel>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var where = $"{path}: line {i + 1}";
            LabelDto? dto;
            try
            {
                dto = JsonSerializer.Deserialize(lines[i], DumpJsonContext.Default.LabelDto);
            }
            catch (JsonException ex)
            {
                throw new MailboxDumpException($"{where}: {(ex.Path is { Length: > 0 } p ? p : "$")}: malformed JSON");
            }

            var id = dto?.DmEventId is { Length: > 0 } x ? x : throw new MailboxDumpException($"{where}: $.dm_event_id: missing");
            var automated = dto.Label switch
            {
                "auto" => true,
                "personal" => false,
                _ => throw new MailboxDumpException($"{where}: $.label: expected \"auto\" or \"personal\", found \"{dto.Label}\""),
            };
            if (!labels.TryAdd(id, new DmLabel(id, automated, dto.Category ?? (automated ? "auto" : "personal"))))
            {
                throw new MailboxDumpException($"{where}: $.dm_event_id: duplicate label for {id}");
            }
        }

        return labels;
    }
}
