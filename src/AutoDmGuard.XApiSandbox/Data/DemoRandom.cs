using System.Globalization;
using System.Text;

namespace AutoDmGuard.XApiSandbox;

/// <summary>Seeded randomness and text filling for the demo world; System.Random with a seed is stable across runs.</summary>
#pragma warning disable CA5394 // Demo data, not security: a seeded, reproducible generator is the point.
internal sealed class DemoRandom(int seed)
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    public double NextDouble() => _random.NextDouble();

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public TimeSpan Between(TimeSpan min, TimeSpan max) => min + TimeSpan.FromSeconds(_random.NextDouble() * (max - min).TotalSeconds);

    public string Link() => "https://t.co/" + Token(10);

    public string Token(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[_random.Next(Alphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>Resolves {a|b} choices (not nested), then $slots from <paramref name="slots"/>.</summary>
    public string Spin(string template, IReadOnlyDictionary<string, string> slots)
    {
        var text = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                var options = template[(i + 1)..end].Split('|');
                text.Append(options[_random.Next(options.Length)]);
                i = end;
            }
            else
            {
                text.Append(template[i]);
            }
        }

        foreach (var (slot, value) in slots.OrderByDescending(s => s.Key.Length))
        {
            text.Replace("$" + slot, value);
        }

        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public string Count() => Pick(["1,200", "4,000", "9,500", "12k", "25,000", "3,400"]).ToString(CultureInfo.InvariantCulture);
}
#pragma warning restore CA5394
