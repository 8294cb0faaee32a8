namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// One text of the evaluation material: automated or personal, its category and language, and its group, the unit
/// the folds split by (a bot repository, a cluster of near-duplicate SMS, one hard negative of our own).
/// </summary>
internal sealed record LabeledText(string Text, bool Automated, string Category, string Language, string Group)
{
    /// <summary>
    /// Whether the word model learns from this text. The project's own texts in the rules' other languages are there to
    /// teach the combination how far the rules and timing carry where the word model is silent; a word model learned
    /// from a few dozen of them takes their openers ("спасибо за подписку") for auto-DM words and flags a friend's thanks.
    /// </summary>
    public bool TeachesWords => Category is not (OwnAutoDms.Category or HardNegatives.Multilingual);
}
