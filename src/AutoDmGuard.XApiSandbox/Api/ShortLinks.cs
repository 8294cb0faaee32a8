using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// X's link wrapping (docs/sandbox.md, DM lookups): a link typed into a DM is sent as a t.co link, and the <c>urls</c>
/// entity carries the t.co <c>url</c>, the real target as <c>expanded_url</c> and a shortened <c>display_url</c>.
/// Stored texts hold the link as typed; the t.co code is a hash of the target, so the same target always gets the same
/// t.co link. A text that already holds a t.co link (a mailbox dump) keeps it, and its target is unknown:
/// <c>expanded_url</c> is then the link.
/// </summary>
internal static partial class ShortLinks
{
    private const string ShortHost = "t.co";
    private const int DisplayLength = 26;
    private const string CodeAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>The text as X sends it (every link a t.co link) and its url entities, indices in code points.</summary>
    public static (string Text, IReadOnlyList<LinkEntity> Links) Wrap(string text)
    {
        var matches = UrlPattern().Matches(text);
        if (matches.Count == 0)
        {
            return (text, []);
        }

        var wrapped = new StringBuilder(text.Length);
        var links = new List<LinkEntity>(matches.Count);
        var copied = 0;
        var codePoints = 0;
        foreach (Match match in matches)
        {
            var before = text[copied..match.Index];
            wrapped.Append(before);
            codePoints += CodePoints(before);
            var target = match.Value;
            var isShort = Uri.TryCreate(target, UriKind.Absolute, out var uri) && string.Equals(uri.Host, ShortHost, StringComparison.OrdinalIgnoreCase);
            var url = isShort ? target : Shorten(target);
            wrapped.Append(url);
            links.Add(new LinkEntity(codePoints, codePoints + url.Length, url, target, Display(target)));
            codePoints += url.Length;
            copied = match.Index + match.Length;
        }

        wrapped.Append(text[copied..]);
        return (wrapped.ToString(), links);
    }

    /// <summary>The stable t.co link of a target.</summary>
    public static string Shorten(string target)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(target));
        var code = new char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = CodeAlphabet[hash[i] % CodeAlphabet.Length];
        }

        return string.Create(CultureInfo.InvariantCulture, $"https://{ShortHost}/{new string(code)}");
    }

    /// <summary>The target without its scheme, cut to X's display length with an ellipsis.</summary>
    private static string Display(string target)
    {
        var display = target[(target.IndexOf("//", StringComparison.Ordinal) + 2)..];
        return display.Length <= DisplayLength ? display : display[..(DisplayLength - 1)] + "…";
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
            {
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"https?://[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}

internal sealed record LinkEntity(int Start, int End, string Url, string ExpandedUrl, string DisplayUrl);
