using System.Globalization;
using System.Text.Json;

namespace AutoDmGuard.XApiSandbox;

/// <summary>An admin request's fields, from a JSON object or a form post.</summary>
internal sealed class AdminInput(IReadOnlyDictionary<string, string> values)
{
    public string? Get(string name) => values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static async Task<AdminInput?> ReadAsync(HttpContext ctx)
    {
        if (ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            return new AdminInput(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new AdminInput(doc.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Number => p.Value.GetRawText(),
                    _ => p.Value.ToString(),
                },
                StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
