using System.Text.Json;
using System.Text.Json.Serialization;
using AutoDmGuard.XApi.Internal;

namespace AutoDmGuard.XApi;

/// <summary>
/// An X API error: a v2 problem object (type, title, detail and type-specific extras), a v1.1 error ({code, message}),
/// or an entry of a partial-error array next to data. Unknown members are ignored; odd value types are kept as text.
/// </summary>
public sealed record XProblem
{
    /// <summary>Problem type URI (https://api.x.com/2/problems/... or about:blank).</summary>
    public string? Type { get; init; }

    /// <summary>Short human title, e.g. "Not Found Error".</summary>
    public string? Title { get; init; }

    /// <summary>Human detail.</summary>
    public string? Detail { get; init; }

    /// <summary>HTTP status echoed in the body, when present.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? Status { get; init; }

    /// <summary>The request parameter the problem is about (e.g. sender_id).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Parameter { get; init; }

    /// <summary>The offending value.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; init; }

    /// <summary>Id of the resource the problem is about.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ResourceId { get; init; }

    /// <summary>user, tweet, media, ...</summary>
    public string? ResourceType { get; init; }

    /// <summary>data or includes: where the missing resource would have been.</summary>
    public string? Section { get; init; }

    /// <summary>Extra reason (client-forbidden) or field name (not-authorized-for-field).</summary>
    public string? Reason { get; init; }

    /// <summary>Message of a v1.1 error or of an invalid-request entry.</summary>
    public string? Message { get; init; }

    /// <summary>v1.1 error code (88 = rate limit exceeded).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public int? Code { get; init; }

    /// <summary>The invalid parameters of an invalid-request entry, as sent.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>Nested problems (invalid-request details, or a v1.1 errors array).</summary>
    public IReadOnlyList<XProblem>? Errors { get; init; }

    /// <summary>Last path segment of <see cref="Type"/> (e.g. "resource-not-found"), or "about:blank".</summary>
    [JsonIgnore]
    public string? ProblemType => TypeSuffix(Type);

    internal static string? TypeSuffix(string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            return null;
        }

        var trimmed = type.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
