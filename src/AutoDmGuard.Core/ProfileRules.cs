using System.Text.RegularExpressions;

namespace AutoDmGuard.Core;

/// <summary>Rules on the sender's profile text.</summary>
internal static partial class ProfileRules
{
    public static bool IsPromotionalBio(string? description)
    {
        return !string.IsNullOrWhiteSpace(description) && PromotionalBio().IsMatch(TextNormalizer.Fold(description));
    }

    /// <summary>The bio rule's timeout (none: the pattern is linear, and a verdict must not depend on CPU time).</summary>
    internal static TimeSpan MatchTimeout => PromotionalBio().MatchTimeout;

    [GeneratedRegex(@"\b(dm (me )?for|dms? open for|link (below|in bio)|helping \w+|i help \w+|\d+x|10x|grow (your|their)|growth|marketing|marketer|agency|coach|coaching|course|courses|newsletter|subscribe|free (guide|ebook|training|course)|crypto|nft|web3|entrepreneur|solopreneur|passive income|side hustle|make money|creator economy|founder of|ceo of|closing deals|leads|funnels?|emprendedor|emprendedora|empreendedor|empreendedora|entrepreneuse|unternehmer|unternehmerin|marketing digital|infoproduto|ganar dinero|ganhar dinheiro)\b|👇|🚀", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PromotionalBio();
}
