using System.Globalization;
using System.Text.Json;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Reads the token and revoke endpoints' parameters from wherever the clients people use put them: the query string,
/// an <c>application/x-www-form-urlencoded</c> body or an <c>application/json</c> object body (X accepts all three).
/// </summary>
internal static class OAuthParameters
{
    public static async Task<(IReadOnlyDictionary<string, string>? Parameters, OAuthError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(cancellationToken))
            {
                parameters[key] = value.ToString();
            }

            return (parameters, null);
        }

        if (request.HasJsonContentType())
        {
            return await ReadJsonAsync(request, parameters, cancellationToken);
        }

        // No body at all (parameters in the query string only) is fine; a body we cannot read is not.
        return request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0
            ? (parameters, null)
            : (null, new OAuthError(400, "invalid_request", "The body must be application/x-www-form-urlencoded or application/json."));
    }

    private static async Task<(IReadOnlyDictionary<string, string>?, OAuthError?)> ReadJsonAsync(
        HttpRequest request, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var invalid = new OAuthError(400, "invalid_request", "A JSON body must be an object of string values.");
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, invalid);
            }

            foreach (var property in doc.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        parameters[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Number:
                        parameters[property.Name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        parameters[property.Name] = property.Value.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant();
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return (null, invalid);
                }
            }

            return (parameters, null);
        }
        catch (JsonException)
        {
            return (null, invalid);
        }
    }
}
