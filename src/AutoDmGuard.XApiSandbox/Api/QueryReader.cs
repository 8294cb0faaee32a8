using System.Globalization;

namespace AutoDmGuard.XApiSandbox;

/// <summary>Validates query parameters the way X does: unknown parameters and values are 400 invalid-request.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public QueryError? Error { get; private set; }

    public QueryReader Allow(params string[] names)
    {
        foreach (var key in query.Keys)
        {
            if (Error is null && !names.Contains(key, StringComparer.Ordinal))
            {
                Error = new QueryError(key, query[key].ToString(), $"The query parameter [{key}] is not one of [{string.Join(",", names)}]");
            }
        }

        return this;
    }

    public int Int(string name, int min, int max, int fallback)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error ??= new QueryError(name, raw, $"The `{name}` query parameter value [{raw}] is not between {min} and {max}");
        return fallback;
    }

    /// <summary>A comma list whose values must come from <paramref name="allowed"/>; null when absent.</summary>
    public HashSet<string>? List(string name, IReadOnlyCollection<string> allowed)
    {
        if (!query.ContainsKey(name))
        {
            return null;
        }

        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in query[name].ToString().Split(','))
        {
            var value = item.Trim();
            if (!allowed.Contains(value))
            {
                Error ??= new QueryError(name, value, $"The `{name}` query parameter value [{value}] is not one of [{string.Join(",", allowed)}]");
                continue;
            }

            values.Add(value);
        }

        return values;
    }

    public string? String(string name) => query.ContainsKey(name) ? query[name].ToString() : null;

    public void Fail(string name, string value, string message) => Error ??= new QueryError(name, value, message);

    /// <summary>Reads `pagination_token` with the endpoint's token kind; an unreadable token is a query error.</summary>
    public PageCursor<TKey>? PaginationToken<TKey>(PageTokenReader<TKey> read)
    {
        if (String("pagination_token") is not { } token)
        {
            return null;
        }

        if (read(token, out var cursor))
        {
            return cursor;
        }

        Fail("pagination_token", token, $"The `pagination_token` query parameter value [{token}] is not a valid pagination token");
        return null;
    }
}

internal delegate bool PageTokenReader<TKey>(string token, out PageCursor<TKey> cursor);
