namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// One text of the evaluation material: automated or personal, its category and language, and its group, the unit
/// the folds split by (a bot repository, a cluster of near-duplicate SMS, one hard negative of our own).
/// </summary>
internal sealed record LabeledText(string Text, bool Automated, string Category, string Language, string Group);
