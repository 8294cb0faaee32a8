using System.Globalization;
using System.Text;

namespace AutoDmGuard.Web.Senders;

/// <summary>
/// Text written by other people (DMs, names, bios) on its way to the page. Razor already HTML-encodes it; this also makes
/// invisible direction and formatting controls visible, so a right-to-left override cannot disguise a link or a handle.
/// </summary>
public static class UserText
{
    /// <summary>Replaces bidi and zero-width controls with a visible marker such as "[U+202E]" and drops other control characters.</summary>
    public static string Visible(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = Replacement(c);
            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>Two letters for the avatar placeholder, from the name or the handle.</summary>
    public static string Initials(string? name, string username)
    {
        var source = Visible(string.IsNullOrWhiteSpace(name) ? username : name);
        var letters = source
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(word => word.FirstOrDefault(char.IsLetterOrDigit))
            .Where(c => c != default)
            .Take(2)
            .ToArray();
        return letters.Length == 0 ? "?" : new string(letters).ToUpperInvariant();
    }

    /// <summary>Cuts long text at a word boundary for list views.</summary>
    public static string Excerpt(string? text, int maxLength = 140)
    {
        var visible = Visible(text).ReplaceLineEndings(" ");
        if (visible.Length <= maxLength)
        {
            return visible;
        }

        var cut = visible.LastIndexOf(' ', maxLength - 1);
        return string.Concat(visible.AsSpan(0, cut > maxLength / 2 ? cut : maxLength - 1), "…");
    }

    private static string? Replacement(char c)
    {
        switch (c)
        {
            case '\n' or '\r' or '\t':
                return null;
            // Bidi embeddings, overrides, isolates and marks; zero-width characters; the BOM.
            case >= '\u202A' and <= '\u202E':
            case >= '\u2066' and <= '\u2069':
            case '\u200E' or '\u200F' or '\u061C':
            case >= '\u200B' and <= '\u200D':
            case '\u2060' or '\uFEFF':
                return string.Create(CultureInfo.InvariantCulture, $"[U+{(int)c:X4}]");
            default:
                return char.IsControl(c) ? "" : null;
        }
    }
}
