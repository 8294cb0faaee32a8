namespace AutoDmGuard.Cli;

/// <summary>
/// The "keyword script" the classifier is compared with: flag a DM when its lower-cased text contains one of a
/// fixed list of phrases auto-DMs are known for. It has no memory of senders, timing or templates.
/// </summary>
internal static class KeywordBaseline
{
    private static readonly string[] Keywords =
    [
        "thanks for the follow", "thanks for following", "thank you for following", "thank you for the follow",
        "appreciate the follow", "free", "subscribe", "newsletter", "ebook", "e-book", "course", "discount", "% off",
        "check out", "linkedin", "youtube", "instagram", "facebook", "sent via", "sent with", "reply yes", "early access",
    ];

    public static bool IsAutomated(string text)
    {
        var lower = text.ToLowerInvariant();
        foreach (var k in Keywords)
        {
            if (lower.Contains(k, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
