using System.Globalization;
using System.Text;

namespace AutoDmGuard.XApiSandbox;

/// <summary>Seeded randomness and text filling for the demo world; System.Random with a seed is stable across runs.</summary>
#pragma warning disable CA5394 // Demo data, not security: a seeded, reproducible generator is the point.
internal sealed class DemoRandom(int seed)
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private static readonly string[] LinkHosts =
        ["gumroad.com/l/", "linktr.ee/", "calendly.com/", "substack.com/@", "youtu.be/", "forms.gle/", "bit.ly/", "example.com/"];

    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    public double NextDouble() => _random.NextDouble();

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public TimeSpan Between(TimeSpan min, TimeSpan max) => min + TimeSpan.FromSeconds(_random.NextDouble() * (max - min).TotalSeconds);

    /// <summary>A link as a person types it (X wraps it in t.co when serving, see ShortLinks); the host follows from the token.</summary>
    public string Link()
    {
        var token = Token(10);
        return "https://" + LinkHosts[token[0] % LinkHosts.Length] + token;
    }

    public string Token(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[_random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>Resolves {a|b} choices (not nested), then $slots from <paramref name="slots"/>, then squeezes spaces.</summary>
    public string Spin(string template, IReadOnlyDictionary<string, string> slots)
    {
        var chosen = new StringBuilder(template.Length + 16);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                var options = template[(i + 1)..end].Split('|');
                chosen.Append(options[_random.Next(options.Length)]);
                i = end;
            }
            else
            {
                chosen.Append(template[i]);
            }
        }

        var text = new StringBuilder(chosen.Length + 48);
        for (var i = 0; i < chosen.Length; i++)
        {
            var c = chosen[i];
            if (c == '$' && i + 1 < chosen.Length && char.IsAsciiLetterLower(chosen[i + 1]))
            {
                var start = i + 1;
                var end = start;
                while (end < chosen.Length && char.IsAsciiLetterLower(chosen[end]))
                {
                    end++;
                }

                var name = chosen.ToString(start, end - start);
                if (slots.TryGetValue(name, out var value))
                {
                    text.Append(value);
                    i = end - 1;
                    continue;
                }
            }

            if (c == ' ' && (text.Length == 0 || text[^1] == ' '))
            {
                continue;
            }

            text.Append(c);
        }

        return text.ToString().TrimEnd();
    }

    public string Count() => Pick(["1,200", "4,000", "9,500", "12k", "25,000", "3,400"]).ToString(CultureInfo.InvariantCulture);
}
#pragma warning restore CA5394
