using System.Text.Json;

namespace AutoDmGuard.XApiSandbox;

/// <summary>X's error bodies (docs/sandbox.md, Errors): problem objects for /2 routes.</summary>
internal sealed class Problems(string typeBase)
{
    public string TypeBase { get; } = typeBase;

    /// <summary>Body for missing, malformed, expired or revoked tokens, as X sends it (docs/sandbox.md,
    /// Errors).</summary>
    public static Task UnauthorizedAsync(HttpContext context) =>
        XJson.WriteAsync(context, 401, w => Blank(w, "Unauthorized", 401, "Unauthorized"), XJson.Problem);

    /// <summary>The observed v2 rate-limit body (docs/sandbox.md, Rate limits).</summary>
    public static Task TooManyRequestsAsync(HttpContext context) =>
        XJson.WriteAsync(context, 429, w =>
        {
            w.WriteStartObject();
            w.WriteString("title", "Too Many Requests");
            w.WriteString("detail", "Too Many Requests");
            w.WriteString("type", "about:blank");
            w.WriteNumber("status", 429);
            w.WriteEndObject();
        }, XJson.Problem);

    public static Task ForbiddenAsync(HttpContext context, string detail) =>
        XJson.WriteAsync(context, 403, w => Blank(w, "Forbidden", 403, detail), XJson.Problem);

    public static Task ServerErrorAsync(HttpContext context, int status, string title) =>
        XJson.WriteAsync(context, status, w => Blank(w, title, status, title), XJson.Problem);

    public Task InvalidRequestAsync(HttpContext context, string parameter, string value, string message) =>
        XJson.WriteAsync(context, 400, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteStartObject("parameters");
            w.WriteStartArray(parameter);
            w.WriteStringValue(value);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("title", "Invalid Request");
            w.WriteString("detail", "One or more parameters to your request was invalid.");
            w.WriteString("type", TypeBase + "invalid-request");
            w.WriteEndObject();
        }, XJson.Problem);

    public Task InvalidRequestAsync(HttpContext context, QueryError error) =>
        InvalidRequestAsync(context, error.Parameter, error.Value, error.Message);

    /// <summary>A whole-request "not found" (used for unknown ids in the path).</summary>
    public Task NotFoundAsync(HttpContext context, string parameter, string value, string resourceType = "user") =>
        XJson.WriteAsync(context, 404, w => WriteNotFound(w, parameter, value, resourceType, section: null), XJson.Problem);

    /// <summary>resource-not-found as a problem object, also inside partial <c>errors</c> (docs/sandbox.md,
    /// Errors).</summary>
    public void WriteNotFound(Utf8JsonWriter w, string parameter, string value, string resourceType, string? section)
    {
        w.WriteStartObject();
        w.WriteString("value", value);
        w.WriteString("detail", $"Could not find {resourceType} with {parameter}: [{value}].");
        w.WriteString("title", "Not Found Error");
        w.WriteString("resource_type", resourceType);
        w.WriteString("parameter", parameter);
        w.WriteString("resource_id", value);
        if (section is not null)
        {
            w.WriteString("section", section);
        }

        w.WriteString("type", TypeBase + "resource-not-found");
        w.WriteEndObject();
    }

    private static void Blank(Utf8JsonWriter w, string title, int status, string detail)
    {
        w.WriteStartObject();
        w.WriteString("title", title);
        w.WriteString("type", "about:blank");
        w.WriteNumber("status", status);
        w.WriteString("detail", detail);
        w.WriteEndObject();
    }
}
