using System.Text.Json;

namespace AutoDmGuard.Cli;

/// <summary>A labels file line: is the DM automated, and its category (FORMAT.md, "Labels").</summary>
internal sealed record DmLabel(string EventId, bool Automated, string Category);

internal static class LabelReader
{
    public static Dictionary<string, DmLabel> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DumpFormatException($"{path}: cannot read the file: {ex.Message}");
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
                throw new DumpFormatException($"{where}: {(ex.Path is { Length: > 0 } p ? p : "$")}: malformed JSON");
            }

            var id = dto?.DmEventId is { Length: > 0 } x ? x : throw new DumpFormatException($"{where}: $.dm_event_id: missing");
            var automated = dto.Label switch
            {
                "auto" => true,
                "personal" => false,
                _ => throw new DumpFormatException($"{where}: $.label: expected \"auto\" or \"personal\", found \"{dto.Label}\""),
            };
            if (!labels.TryAdd(id, new DmLabel(id, automated, dto.Category ?? (automated ? "auto" : "personal"))))
            {
                throw new DumpFormatException($"{where}: $.dm_event_id: duplicate label for {id}");
            }
        }

        return labels;
    }
}
