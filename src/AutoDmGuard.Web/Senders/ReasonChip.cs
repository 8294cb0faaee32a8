using System.Text.Json;

namespace AutoDmGuard.Web.Senders;

/// <summary>One classifier signal as the dashboard shows it: a short label and the sentence behind it.</summary>
public sealed record ReasonChip(string Signal, double Weight, string Reason)
{
    /// <summary>
    /// Reads the classifier's reasons JSON (an array of {signal, weight, reason}). The column is written by the worker,
    /// so a malformed value shows no chips rather than failing the page.
    /// </summary>
    public static IReadOnlyList<ReasonChip> Parse(string? json, int max = int.MaxValue)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var chips = new List<ReasonChip>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var signal = ReadString(item, "signal");
                var reason = ReadString(item, "reason");
                var weight = ReadDouble(item, "weight");
                if (signal is null && reason is null)
                {
                    continue;
                }

                chips.Add(new ReasonChip(signal ?? "signal", weight, reason ?? signal ?? ""));
            }

            return [.. chips.OrderByDescending(c => c.Weight).Take(max)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The chip text: the signal name in words ("template-shared-by-12-senders" reads "template shared by 12 senders").</summary>
    public string Label => Signal.Replace('-', ' ').Replace('_', ' ');

    private static string? ReadString(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static double ReadDouble(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Number)
            {
                return property.Value.GetDouble();
            }
        }

        return 0;
    }
}
