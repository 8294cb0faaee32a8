using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AutoDmGuard.Testing.OpenApi;

/// <summary>
/// Response bodies generated from the published schemas of <see cref="XApiSpec"/>: the maximal shape (every property
/// the spec knows, arrays of two, int64 counts beyond the int32 range, the spec's examples where it has them) and the
/// minimal shape (only what the spec requires, plus <see cref="DefaultFields"/>). Callers validate what they get
/// against the spec, so "spec-valid" is checked rather than assumed.
/// </summary>
public static class SpecInstances
{
    /// <summary>
    /// The spec requires nothing on User and DmEvent, but X always sends their default fields (docs/sandbox.md,
    /// DM lookups; Following and mutes):
    /// the minimal shape keeps these and drops every other optional property.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultFields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["User"] = ["id", "name", "username"],
        ["DmEvent"] = ["id", "event_type", "text"],
    };

    private const int MaxDepth = 7;

    /// <summary>Strings tried, in order, against a schema's pattern.</summary>
    private static readonly string[] PatternCandidates =
    [
        "1600000000000000001", "1600000000000000001-1600000000000000002", "3_1600000000000000001", "en", "US",
        "https://example.com/a", "AAAAAAAAAAAAAAAA", "a", "abc_def",
    ];

    public static JsonNode Maximal(XApiSpec spec, string schemaRef) => Generate(spec, new JsonObject { ["$ref"] = schemaRef }, maximal: true, 0, null);

    public static JsonNode Minimal(XApiSpec spec, string schemaRef) => Generate(spec, new JsonObject { ["$ref"] = schemaRef }, maximal: false, 0, null);

    private static JsonNode Generate(XApiSpec spec, JsonObject schema, bool maximal, int depth, string? name)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Generate(spec, spec.Resolve(schema), maximal, depth, reference[(reference.LastIndexOf('/') + 1)..]);
        }

        if ((schema["oneOf"] ?? schema["anyOf"])?.AsArray() is { Count: > 0 } branches)
        {
            return Generate(spec, branches[0]!.AsObject(), maximal, depth, null);
        }

        var type = schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : "string");
        return type switch
        {
            "object" => Object(spec, schema, maximal, depth, name),
            "array" => Array(spec, schema, maximal, depth),
            "integer" => Integer(schema, maximal),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(true),
            _ => JsonValue.Create(String(schema)),
        };
    }

    private static JsonObject Object(XApiSpec spec, JsonObject schema, bool maximal, int depth, string? name)
    {
        var result = new JsonObject();
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var defaults = name is not null && DefaultFields.TryGetValue(name, out var d) ? d : [];
        foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
        {
            var wanted = required.Contains(property) || defaults.Contains(property) || (maximal && depth < MaxDepth);
            if (wanted)
            {
                result[property] = Generate(spec, propertySchema!.AsObject(), maximal, depth + 1, null);
            }
        }

        if (maximal && depth < MaxDepth && schema["properties"] is null && schema["additionalProperties"] is JsonObject values)
        {
            result["key"] = Generate(spec, values, maximal, depth + 1, null);
        }

        return result;
    }

    private static JsonArray Array(XApiSpec spec, JsonObject schema, bool maximal, int depth)
    {
        var count = Math.Max(schema["minItems"]?.GetValue<int>() ?? 0, maximal ? 2 : 1);
        if (schema["maxItems"]?.GetValue<int>() is { } max)
        {
            count = Math.Min(count, max);
        }

        var items = schema["items"]?.AsObject() ?? new JsonObject { ["type"] = "string" };
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var item = Generate(spec, items, maximal, depth + 1, null);
            if (item is JsonValue value && value.TryGetValue<string>(out var text) && schema["uniqueItems"]?.GetValue<bool>() == true && i > 0
                && items["enum"] is null && items["pattern"] is null)
            {
                item = JsonValue.Create(text + i.ToString(CultureInfo.InvariantCulture));
            }

            array.Add(item);
        }

        return array;
    }

    private static JsonValue Integer(JsonObject schema, bool maximal)
    {
        if (schema["minimum"]?.GetValue<int>() is { } min)
        {
            return JsonValue.Create(min);
        }

        // int64 counts past the int32 range in the maximal shape: a client reading them into int would overflow.
        return maximal && schema["format"]?.GetValue<string>() == "int64" ? JsonValue.Create(3_000_000_000L) : JsonValue.Create(7);
    }

    private static string String(JsonObject schema)
    {
        if (schema["enum"]?.AsArray().FirstOrDefault(v => v is not null) is { } first)
        {
            return first.GetValue<string>();
        }

        if (schema["example"] is JsonValue example && example.TryGetValue<string>(out var sample))
        {
            return sample;
        }

        if (schema["format"]?.GetValue<string>() == "date-time")
        {
            return "2026-11-26T12:00:00.000Z";
        }

        if (schema["pattern"]?.GetValue<string>() is { } pattern)
        {
            return PatternCandidates.FirstOrDefault(c => Regex.IsMatch(c, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                ?? throw new InvalidOperationException($"No sample string matches the spec's pattern {pattern}; add one to PatternCandidates.");
        }

        var minLength = schema["minLength"]?.GetValue<int>() ?? 0;
        return "sample".PadRight(Math.Max(minLength, 6), 'x');
    }
}
