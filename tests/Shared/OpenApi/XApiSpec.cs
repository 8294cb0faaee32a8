using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AutoDmGuard.Testing.OpenApi;

/// <summary>
/// X's published OpenAPI document (../shared/x-api-spec/openapi.json, v2.167) as a JSON Schema validator
/// (JsonSchema.Net). The whole document is registered under <see cref="BaseUri"/>, so its
/// <c>$ref: #/components/schemas/...</c> resolve as written. Before registering, two things are done to the schemas:
/// <list type="bullet">
/// <item>OpenAPI 3.0's <c>nullable: true</c> becomes JSON Schema's <c>type: [T, "null"]</c>; the OpenAPI-only
/// annotations <c>example</c> and <c>discriminator</c> are dropped (they do not constrain anything).</item>
/// <item>Strictness: every object schema that lists <c>properties</c> and says nothing about
/// <c>additionalProperties</c> gets <c>additionalProperties: false</c>, so a field the spec does not know fails
/// validation. The spec uses no <c>allOf</c>, so this is exact (a sibling's properties are never hidden).</item>
/// </list>
/// Where live X sends what the spec does not describe, <see cref="LiveXAdditions"/> adds it, each with its reason;
/// nothing else is loosened.
/// </summary>
public sealed class XApiSpec
{
    public static readonly Uri BaseUri = new("https://api.x.com/openapi.json");

    /// <summary>
    /// What live X sends beyond the spec (docs/sandbox.md, Fidelity to X's OpenAPI document and to live X), added to
    /// the schemas before validation.
    /// </summary>
    public static readonly IReadOnlyList<(string Schema, string Property, string Reason)> LiveXAdditions =
    [
        ("InvalidRequestProblem", "errors", "live X's 400 carries errors[{parameters, message}]"),
        ("ResourceNotFoundProblem", "section", "partial errors name the section, e.g. \"includes\""),
        ("UserPublicMetrics", "tweet_count", "live X still sends tweet_count; the spec renamed it post_count"),
        ("Problem", "oneOf: AboutBlankProblem", "401, 403, 429 and 5xx are about:blank problems on live X"),
    ];

    private static readonly Lazy<XApiSpec> Shared = new(() => new XApiSpec(Locate()));

    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly BuildOptions _build;
    private readonly EvaluationOptions _evaluate;

    private XApiSpec(string path)
    {
        Path = path;
        var original = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Original = original;
        var strict = original.DeepClone().AsObject();
        AddLiveXAdditions(strict);
        foreach (var (_, schema) in strict["components"]!["schemas"]!.AsObject())
        {
            Overlay(schema!.AsObject());
        }

        Document = strict;
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(JsonSerializer.SerializeToElement(strict), BaseUri));
        _build = new BuildOptions { SchemaRegistry = registry };
        var formats = new FormatRegistry();
        formats.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        formats.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
        formats.Register(new PredicateFormat("double", e => e.ValueKind != JsonValueKind.Number || e.TryGetDouble(out _)));
        formats.Register(new PredicateFormat("byte", e => e.ValueKind != JsonValueKind.String || IsBase64(e.GetString()!)));
        formats.Register(new PredicateFormat("binary", _ => true));
        _evaluate = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true, FormatRegistry = formats };
    }

    /// <summary>The loaded spec; fails (never skips) when ../shared/x-api-spec/openapi.json cannot be found.</summary>
    public static XApiSpec Instance => Shared.Value;

    public string Path { get; }

    /// <summary>The document as published.</summary>
    public JsonObject Original { get; }

    /// <summary>The document as validated (nullable rewritten, strict objects, live-X additions).</summary>
    public JsonObject Document { get; }

    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "x-api-spec", "openapi.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The operation object of <paramref name="method"/> <paramref name="path"/> (spec spelling, e.g. /2/users/{id}/following).</summary>
    public JsonObject Operation(string method, string path) =>
        Original["paths"]?[path]?[method.ToLowerInvariant()]?.AsObject()
        ?? throw new InvalidOperationException($"The spec has no operation {method} {path}.");

    /// <summary>A parameter of an operation with $ref parameters resolved.</summary>
    public IReadOnlyList<JsonObject> Parameters(JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!.AsObject())).ToList();

    /// <summary>Follows one local $ref (#/components/...) in the published document.</summary>
    public JsonObject Resolve(JsonObject node)
    {
        if (node["$ref"]?.GetValue<string>() is not { } reference)
        {
            return node;
        }

        JsonNode? target = Original;
        foreach (var segment in reference.TrimStart('#', '/').Split('/'))
        {
            target = target?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return target?.AsObject() ?? throw new InvalidOperationException($"Unresolvable $ref {reference}.");
    }

    /// <summary>Every value of a parameter's enum (array items or scalar), distinct, in spec order.</summary>
    public static IReadOnlyList<string> EnumValues(JsonObject parameter)
    {
        var schema = parameter["schema"]!.AsObject();
        var values = (schema["items"]?["enum"] ?? schema["enum"])?.AsArray();
        return values?.Select(v => v!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList() ?? [];
    }

    /// <summary>
    /// The response schema pointer (#/components/schemas/X) the spec gives for a status and media type: the status's
    /// own entry, else "default". Null when the spec declares neither or not that media type.
    /// </summary>
    public static string? ResponseSchema(JsonObject operation, int status, string mediaType)
    {
        var responses = operation["responses"]!.AsObject();
        var response = responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses["default"];
        return response?["content"]?[mediaType]?["schema"]?["$ref"]?.GetValue<string>();
    }

    /// <summary>The request body schema pointer of an operation (application/json).</summary>
    public static string? RequestSchema(JsonObject operation) =>
        operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();

    /// <summary>Validates <paramref name="instance"/> against a schema of the document (a pointer such as
    /// <c>#/components/schemas/User</c>); returns one line per failure, empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonElement instance, string schemaRef)
    {
        JsonSchema schema;
        lock (_gate)
        {
            if (!_schemas.TryGetValue(schemaRef, out schema!))
            {
                var reference = new JsonObject { ["$ref"] = BaseUri + schemaRef };
                schema = JsonSchema.Build(JsonSerializer.SerializeToElement(reference), _build,
                    new Uri($"https://autodmguard.test/validate/{Guid.NewGuid():N}"));
                _schemas[schemaRef] = schema;
            }
        }

        var results = schema.Evaluate(instance, _evaluate);
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .DefaultIfEmpty($"invalid against {schemaRef}")
            .ToList();
    }

    /// <summary>Validates a parameter value (e.g. a pagination token) against the parameter's schema.</summary>
    public IReadOnlyList<string> ValidateParameter(JsonObject parameter, string value)
    {
        var schema = parameter["schema"]!.AsObject();
        var instance = schema["type"]?.GetValue<string>() switch
        {
            "integer" => JsonSerializer.SerializeToElement(long.Parse(value, CultureInfo.InvariantCulture)),
            "array" => JsonSerializer.SerializeToElement(value.Split(',')),
            _ => JsonSerializer.SerializeToElement(value),
        };
        var node = JsonSchema.Build(JsonSerializer.SerializeToElement(Rewrite(schema.DeepClone().AsObject())), _build,
            new Uri($"https://autodmguard.test/parameter/{Guid.NewGuid():N}"));
        var results = node.Evaluate(instance, _evaluate);
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{e.Key}: {e.Value}")).DefaultIfEmpty("invalid").ToList();
    }

    private static JsonObject Rewrite(JsonObject schema)
    {
        Overlay(schema);
        if (schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith('#'))
        {
            schema["$ref"] = BaseUri + reference;
        }

        if (schema["items"] is JsonObject items && items["$ref"]?.GetValue<string>() is { } itemRef && itemRef.StartsWith('#'))
        {
            items["$ref"] = BaseUri + itemRef;
        }

        return schema;
    }

    private static string Locate() =>
        Find() ?? throw new FileNotFoundException(
            $"shared/x-api-spec/openapi.json not found above {AppContext.BaseDirectory}; the conformance tests need X's OpenAPI document in ../shared");

    private static void AddLiveXAdditions(JsonObject document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        Properties(schemas, "InvalidRequestProblem")["errors"] = JsonNode.Parse("""
            {"type":"array","items":{"type":"object","required":["message"],"properties":{
              "parameters":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}},
              "message":{"type":"string"}}}}
            """);
        Properties(schemas, "ResourceNotFoundProblem")["section"] = JsonNode.Parse("""{"type":"string","enum":["data","includes"]}""");
        Properties(schemas, "UserPublicMetrics")["tweet_count"] = JsonNode.Parse("""{"type":"integer","format":"int64"}""");
        schemas["AboutBlankProblem"] = JsonNode.Parse("""
            {"type":"object","required":["type","title","status","detail"],"properties":{
              "type":{"type":"string","enum":["about:blank"]},"title":{"type":"string"},
              "status":{"type":"integer"},"detail":{"type":"string"}}}
            """);
        schemas["Problem"]!["oneOf"]!.AsArray().Add(JsonNode.Parse("""{"$ref":"#/components/schemas/AboutBlankProblem"}"""));
    }

    private static JsonObject Properties(JsonObject schemas, string name) =>
        schemas[name]?["properties"]?.AsObject() ?? throw new InvalidOperationException($"The spec no longer has {name}.properties: revisit LiveXAdditions.");

    /// <summary>Schema-aware walk: nullable → type union, and additionalProperties:false on listed-property objects.</summary>
    private static void Overlay(JsonObject schema)
    {
        if (schema["nullable"]?.GetValue<bool>() == true)
        {
            if (schema["type"] is JsonValue type)
            {
                schema["type"] = new JsonArray(type.GetValue<string>(), "null");
            }

            if (schema["enum"] is JsonArray values)
            {
                values.Add(null);
            }
        }

        schema.Remove("nullable");

        // OpenAPI-only annotations that JSON Schema 2020-12 does not know (JsonSchema.Net refuses unknown keywords).
        schema.Remove("example");
        schema.Remove("discriminator");
        if (schema["properties"] is JsonObject properties)
        {
            if (!schema.ContainsKey("additionalProperties"))
            {
                schema["additionalProperties"] = false;
            }

            foreach (var (_, property) in properties)
            {
                Visit(property);
            }
        }

        Visit(schema["items"]);
        Visit(schema["not"]);
        if (schema["additionalProperties"] is JsonObject additional)
        {
            Overlay(additional);
        }

        foreach (var keyword in new[] { "oneOf", "anyOf", "allOf" })
        {
            foreach (var branch in schema[keyword]?.AsArray() ?? [])
            {
                Visit(branch);
            }
        }
    }

    private static void Visit(JsonNode? node)
    {
        if (node is JsonObject schema)
        {
            Overlay(schema);
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
