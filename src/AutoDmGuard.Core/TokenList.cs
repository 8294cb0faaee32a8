namespace AutoDmGuard.Core;

/// <summary>
/// The normalized tokens of one text (<see cref="TextNormalizer.TokenizeFolded(string, IReadOnlyCollection{string}, IReadOnlyCollection{string}?, TokenList)"/>)
/// as ranges of the folded text they come from, or a shared string (a mask such as <c>&lt;url&gt;</c>). Words and
/// punctuation are not copied into strings of their own: on long texts those strings were most of a run's allocations
/// (docs/classifier.md). Scratch space: one list per thread, reused for every DM.
/// </summary>
internal sealed class TokenList
{
    private string _text = string.Empty;
    private Token[] _items = new Token[64];

    public int Count { get; private set; }

    /// <summary>Token <paramref name="i"/>'s characters, valid until the list is reused.</summary>
    public ReadOnlySpan<char> this[int i]
    {
        get
        {
            var t = _items[i];
            return t.Shared is { } shared ? shared : _text.AsSpan(t.Start, t.Length);
        }
    }

    /// <summary>Empties the list for the tokens of <paramref name="text"/>.</summary>
    public void Reset(string text)
    {
        _text = text;
        Count = 0;
    }

    /// <summary>Adds the characters <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> of the text as a token.</summary>
    public void AddRange(int start, int length) => Add(new Token(null, start, length));

    /// <summary>Adds a token that is not a range of the text (a mask).</summary>
    public void AddShared(string token) => Add(new Token(token, 0, 0));

    /// <summary>Whether token <paramref name="i"/> is <paramref name="value"/>.</summary>
    public bool Is(int i, string value) => this[i].SequenceEqual(value);

    /// <summary>Token <paramref name="i"/> as a string (a new one unless it is a mask).</summary>
    public string ToString(int i) => _items[i].Shared ?? new string(this[i]);

    public string[] ToArray()
    {
        var result = new string[Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ToString(i);
        }

        return result;
    }

    /// <summary>The tokens of a list of strings, each kept as it is (for callers that tokenized into strings).</summary>
    public static TokenList Of(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var list = new TokenList();
        foreach (var t in tokens)
        {
            list.AddShared(t);
        }

        return list;
    }

    private void Add(Token token)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
        }

        _items[Count++] = token;
    }

    private readonly record struct Token(string? Shared, int Start, int Length);
}
