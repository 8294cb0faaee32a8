using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace AutoDmGuard.Core.Tests;

public class TextNormalizerTests
{
    private static readonly HashSet<string> Names = TextNormalizer.NameWords("Kit Morrow", "kit_makes");

    [Fact]
    public void Masks_links_handles_numbers_emoji_and_names()
    {
        var normalized = TextNormalizer.Normalize("Hey Kit 👋 grab 50% off at https://t.co/AbC123 or bit.ly/x9 — ask @shop_owner!", Names);

        Assert.Equal("hey <name> <emoji> grab <num> % off at <url> or <url> — ask <user> !", normalized);
    }

    [Fact]
    public void Applies_nfkc_and_folds_case()
    {
        // Fullwidth letters and the "ﬁ" ligature are compatibility characters; NFKC makes them plain.
        Assert.Equal("free ﬁ".Normalize(System.Text.NormalizationForm.FormKC), TextNormalizer.Normalize("ＦＲＥＥ ﬁ", []));
        Assert.Equal("straße", TextNormalizer.Normalize("STRAßE", []));
    }

    [Fact]
    public void Masks_the_recipients_username_and_its_parts()
    {
        Assert.Equal("hi <name> and <name>", TextNormalizer.Normalize("Hi kit_makes and KIT", Names));
    }

    [Theory]
    [InlineData("안녕하세요 Kit님 반가워요", "안녕하세요 <name> 반가워요")]
    [InlineData("Kitさん、フォローありがとう", "<name> 、 フォローありがとう")]
    [InlineData("Morrow씨 안녕", "<name> 안녕")]
    [InlineData("님 혼자 왔어요", "님 혼자 왔어요")] // the honorific alone is no name
    [InlineData("Anna님 안녕하세요", "anna님 안녕하세요")] // someone else's name keeps its honorific
    public void Masks_the_recipients_name_with_a_korean_or_japanese_honorific(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(text, Names));

    [Fact]
    public void Survives_lone_surrogates()
    {
        var text = "cut emoji \ud83d here";

        Assert.Equal("cut emoji here", TextNormalizer.Normalize(text, []));
    }

    [Property(MaxTest = 300)]
    public Property Normalization_is_idempotent()
    {
        var pieces = Gen.Elements(
            "Hey", "KIT", "kit_makes", "@someone", "https://t.co/x1", "bit.ly/abc", "12,500", "3x", "😀", "❤️", "✨",
            "Ｆｕｌｌ", "ﬁne", "Straße", "¡Hola!", "ÇA", "...", "!!", "<url>", "<name>", "<emoji>", "’", "日本語", "\ud83d", " ", "\n");
        var texts = Gen.ListOf(pieces).Select(p => string.Join(string.Empty, p)).ToArbitrary();
        return Prop.ForAll(texts, text =>
        {
            var once = TextNormalizer.Normalize(text, Names);
            return TextNormalizer.Normalize(once, Names) == once;
        });
    }

    [Property(MaxTest = 200)]
    public Property Normalization_is_idempotent_for_arbitrary_strings() =>
        Prop.ForAll<string>(text =>
        {
            var once = TextNormalizer.Normalize(text ?? string.Empty, Names);
            return TextNormalizer.Normalize(once, Names) == once;
        });

    [Property(MaxTest = 300)]
    public Property Exactly_the_words_of_either_name_set_are_masked()
    {
        // Words that share lengths and first letters with the names (and some that differ in one of the two), letters
        // beyond ASCII and lengths beyond 64, where the tokenizer's length/first-letter prefilter folds its bits.
        var letters = Gen.Elements('a', 'b', 'k', 'é', 'ß', 'ж', '日', 'ａ', '\u0101', '\u0141');
        var word = Gen.Choose(1, 70).SelectMany(n => Gen.ArrayOf(letters, n)).Select(c => new string(c));
        var case_ = Gen.ListOf(word).SelectMany(words => Gen.Choose(0, 3).SelectMany(a => Gen.Choose(0, 3).Select(b =>
            (Words: words, Names: words.Take(a).ToHashSet(StringComparer.Ordinal), Others: words.Skip(a).Take(b).Append("x").ToHashSet(StringComparer.Ordinal)))));
        return Prop.ForAll(case_.ToArbitrary(), c =>
        {
            var tokens = new List<string>();
            TextNormalizer.TokenizeFolded(string.Join(' ', c.Words), c.Names, c.Others, tokens);
            return tokens.SequenceEqual(c.Words.Select(w => c.Names.Contains(w) || c.Others.Contains(w) ? TextNormalizer.Name : w));
        });
    }
}
