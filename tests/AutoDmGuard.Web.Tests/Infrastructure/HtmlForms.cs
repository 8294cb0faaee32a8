using System.Net;
using System.Text.RegularExpressions;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>Just enough HTML reading for the flows tests drive: hidden inputs, the antiforgery token, elements by id.</summary>
public static partial class HtmlForms
{
    /// <summary>name → value of every hidden input on the page (HTML-decoded).</summary>
    public static Dictionary<string, string> HiddenInputs(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (!Attribute(tag, "type").Equals("hidden", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            fields[Attribute(tag, "name")] = Attribute(tag, "value");
        }

        return fields;
    }

    /// <summary>The first antiforgery token on the page (every POST form carries one).</summary>
    public static string AntiforgeryToken(string html) =>
        HiddenInputs(html).TryGetValue("__RequestVerificationToken", out var token)
            ? token
            : throw new InvalidOperationException("The page has no antiforgery token:\n" + html);

    /// <summary>The decoded inner text of the element with this id, or null.</summary>
    public static string? TextOfId(string html, string id)
    {
        var match = Regex.Match(html, $"<(?<tag>[a-z0-9]+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(?<inner>.*?)</\\k<tag>>", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(TagStrip().Replace(match.Groups["inner"].Value, "")).Trim() : null;
    }

    /// <summary>The value of an attribute of the element with this id, or null.</summary>
    public static string? AttributeOfId(string html, string id, string attribute)
    {
        var match = Regex.Match(html, $"<[a-z0-9]+[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>", RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            return null;
        }

        var value = Attribute(match.Value, attribute);
        return value.Length == 0 && !match.Value.Contains(attribute + "=", StringComparison.OrdinalIgnoreCase) ? null : value;
    }

    private static string Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\b{Regex.Escape(name)}=\"(?<v>[^\"]*)\"", RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["v"].Value) : "";
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagStrip();
}
