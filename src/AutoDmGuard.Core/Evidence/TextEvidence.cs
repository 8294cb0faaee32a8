using System.Runtime.InteropServices;

namespace AutoDmGuard.Core;

/// <summary>
/// Evidence from a DM's own words: the text rules, links and short replies, fake personalization, a sign-off with the
/// sender's name, the word model and the structure rules. Reading one DM is pure and independent of the others, so
/// <see cref="Analyze"/> is thread-safe (it reads only its arguments, the rules and the model).
/// </summary>
internal sealed class TextEvidence(ClassifierModel model, int minWords, HashSet<string> meNames, bool keepTokens, bool featuresOnly)
{
    /// <summary>
    /// Normalizes and tokenizes <paramref name="m"/>, fingerprints it unless it is indexed already (<paramref name="entry"/>
    /// &gt;= 0), and gathers its text evidence into new facts; <paramref name="tokens"/> is scratch space (one list per thread).
    /// A deferred text (<see cref="DmMessage.Deferred"/>) is read here, and the facts hold the DM with its text.
    /// </summary>
    public DmFacts Analyze(DmMessage m, HashSet<string> senderNames, int entry, TokenList tokens)
    {
        m = m.WithText();
        var (folded, recipientNamed, lastSenderName) = Tokenize(m, senderNames, tokens);
        var facts = new DmFacts(m, model, featuresOnly)
        {
            Entry = entry,
            Fingerprint = entry < 0 ? TemplateFingerprint.Create(tokens, minWords) : null,
            Tokens = keepTokens ? tokens.ToArray() : [],
        };

        var words = 0;
        var hasLink = false;
        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (TemplateFingerprint.IsContent(t))
            {
                words += WordsIn(t);
            }

            hasLink |= tokens.Is(k, TextNormalizer.Url);
        }

        facts.WordCount = words;
        var rules = PatternRules.All;
        var candidates = PatternRules.Triggers.Candidates(folded);
        var namesAHabit = false;
        var followTrigger = false;
        var pitch = false;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var matched = rule.Raw
                ? rule.IsMatch(m.Text)
                : (candidates & (1UL << i)) != 0 && rule.PatternMatches(folded);
            if (matched && !facts.Has(rule.Signal))
            {
                facts.AddText(rule.Signal, rule.Reason);
                namesAHabit |= rule.IsAutoDmHabit;
                followTrigger |= rule.IsFollowTrigger;
                pitch |= rule.IsPitch;
            }
        }

        // Questions anyone could be asked ("what brought you here?") are the tool's; the fit weighs the rest, a pitch's
        // closing question ("Interested?") included: leaving those out measured worse (docs/classifier.md, sixth round).
        if (!facts.Has("generic-question") && m.Text.AsSpan().IndexOfAny(QuestionMarks) >= 0)
        {
            facts.AddText(ModelFeatures.AsksAQuestion, "asks a question of its own and waits for the answer");
        }

        if (followTrigger && pitch)
        {
            facts.AddText(ModelFeatures.ThanksThenPitch, "thanks you for following, then pitches: the trigger and the call to action of an auto-DM");
        }

        if (hasLink)
        {
            facts.AddText("contains-link", "contains a link");
        }
        else if (words <= 4 && !namesAHabit)
        {
            // Chat is short; a short text that is itself an auto-DM habit ("Thanks for the follow!", "شكراً للإضافة")
            // is not chat, so its shortness says nothing in the sender's favour.
            facts.AddText("short-reply", "a short reply without a link, the way people chat");
        }

        if (recipientNamed && facts.Has("generic-compliment"))
        {
            facts.AddText("fake-personalization", "uses your name next to a compliment that fits anyone");
        }

        if (IsSignOff(tokens, lastSenderName))
        {
            facts.AddText("signed-with-own-name", "ends with the sender's own name as a sign-off, like a form letter");
        }

        AddTextModelEvidence(facts, tokens);

        if (StructureRules.OpensWithGreetingAndName(tokens))
        {
            facts.AddText("greeting-with-your-name", "opens with a greeting and your name, the mail-merge salutation");
        }

        if (StructureRules.HasEmojiRun(m.Text))
        {
            facts.AddText("emoji-run", "a run of emoji (\"😊😊\"), a template's decoration");
        }

        if (StructureRules.IsShouting(m.Text))
        {
            facts.AddText("shouting", "several words in capitals (\"WINNER\", \"FREE\"), the way promo blasts are written");
        }

        return facts;
    }

    /// <summary>
    /// The fingerprint <see cref="Analyze"/> gives <paramref name="m"/> (null for a text too short to be a template),
    /// without the rest of the analysis: what indexing a DM ahead of scoring it needs.
    /// </summary>
    public TemplateFingerprint? Fingerprint(DmMessage m, HashSet<string> senderNames, TokenList tokens)
    {
        Tokenize(m.WithText(), senderNames, tokens);
        return TemplateFingerprint.Create(tokens, minWords);
    }

    // The one way a DM's text becomes tokens (names masked): the fingerprint depends on it.
    private (string Folded, bool RecipientNamed, int LastSenderName) Tokenize(DmMessage m, HashSet<string> senderNames, TokenList tokens)
    {
        var folded = TextNormalizer.Fold(m.Text);
        var (recipientNamed, lastSenderName) = TextNormalizer.TokenizeFolded(folded, meNames, senderNames, tokens);
        return (folded, recipientNamed, lastSenderName);
    }

    /// <summary>
    /// Words in one content token. Japanese, Chinese and Thai are written without spaces, so a whole sentence is one
    /// token ("フォローありがとうございます"): count one word per two such characters, as they average, instead.
    /// </summary>
    internal static int WordsIn(ReadOnlySpan<char> token)
    {
        if (token[0] < '\u0E00')
        {
            return 1;
        }

        var unspaced = 0;
        foreach (var c in token)
        {
            if (c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\u0E00' and <= '\u0E7F'))
            {
                unspaced++;
            }
        }

        return unspaced < 2 ? 1 : Math.Max(1, (unspaced + 1) / 2);
    }

    // Latin, full-width (Japanese, Chinese) and Arabic question marks. Not the Greek one: NFKC makes it a semicolon, and
    // Greek is typed with the semicolon itself, which every other language uses for something else.
    private static readonly System.Buffers.SearchValues<char> QuestionMarks = System.Buffers.SearchValues.Create("?\uFF1F\u061F");

    [ThreadStatic]
    private static List<int>? t_buckets;

    private void AddTextModelEvidence(DmFacts facts, TokenList tokens)
    {
        var text = model.Text;
        if (text.IsEmpty && !featuresOnly)
        {
            return;
        }

        var buckets = t_buckets ??= new List<int>(128);
        TextModel.BucketsOf(tokens, buckets);
        if (featuresOnly)
        {
            facts.TextBuckets = [.. buckets];
        }

        if (text.IsEmpty)
        {
            return;
        }

        var value = text.Value(CollectionsMarshal.AsSpan(buckets));
        if (Math.Abs(value) >= 0.05)
        {
            facts.AddWords(
                value > 0 ? "words-like-auto-dms" : "words-like-personal-messages",
                value > 0 ? "its words are typical of auto-DMs and promos (word model)" : "its words are typical of personal messages (word model)",
                ModelFeatures.TextModelFeature,
                value);
        }
    }

    // "... – Lucas", "Cheers, Carlos", "connect 🙌 Carmen ✌️": the sender's name closes the message on its own.
    private static bool IsSignOff(TokenList tokens, int lastSenderName)
    {
        if (lastSenderName < 1)
        {
            return false;
        }

        for (var k = lastSenderName + 1; k < tokens.Count; k++)
        {
            if (TemplateFingerprint.IsContent(tokens[k]) && !tokens.Is(k, TextNormalizer.Name))
            {
                return false;
            }
        }

        var before = lastSenderName - 1;
        while (before >= 0 && tokens.Is(before, TextNormalizer.Name))
        {
            before--;
        }

        return before >= 0 && (!TemplateFingerprint.IsContent(tokens[before]) || SignOffLookup.Contains(tokens[before]));
    }

    private static readonly HashSet<string> SignOffWords = new(StringComparer.Ordinal)
    {
        "best", "cheers", "thanks", "regards", "xo", "xoxo", "love", "warmly", "saludos", "abrazos", "abraços", "beijos",
        "bisous", "cordialement", "amitiés", "grüße", "gruß", "lg", "vg",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SignOffLookup = SignOffWords.GetAlternateLookup<ReadOnlySpan<char>>();
}
