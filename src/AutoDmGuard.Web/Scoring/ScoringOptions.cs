using System.ComponentModel.DataAnnotations;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// How the worker scores: the default flag threshold and the sizes of scoring and re-scoring work. Bound from the
/// "Polling" section, next to the polling settings, so one section configures the whole worker.
/// </summary>
public sealed class ScoringOptions
{
    public const string Section = "Polling";

    /// <summary>Flag threshold for accounts that did not choose one; null = the classifier's own default.</summary>
    [Range(0.0, 1.0)]
    public double? DefaultFlagThreshold { get; set; }

    /// <summary>The threshold of accounts that did not choose one: <see cref="DefaultFlagThreshold"/>, else the classifier's fitted one.</summary>
    public double EffectiveDefaultFlagThreshold => DefaultFlagThreshold ?? ClassifierOptions.Default.FlagThreshold;

    /// <summary>The threshold an account flags at (the worker scores with it, Settings shows it).</summary>
    public double FlagThresholdFor(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.FlagThreshold ?? EffectiveDefaultFlagThreshold;
    }

    /// <summary>Received DMs (whole conversations) scored per classifier call when working off the unscored queue.</summary>
    [Range(1, 100_000)]
    public int ScoreBatchSize { get; set; } = 2000;

    /// <summary>
    /// Stored DMs re-scored per account per pass (their template grew, or an older classifier scored them); the rest stay
    /// queued in the database for the next passes, so re-scoring never crowds out reading new DMs. 0 = no re-scoring.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxRescoredPerPass { get; set; } = 5000;

    /// <summary>
    /// Template index entries (indexed DMs) one app instance keeps in memory. When a read from the database leaves more,
    /// the least recently matched template clusters are dropped, whole, down to three quarters of this; they stay in
    /// the database (docs/classifier.md, "The shared template index").
    /// </summary>
    [Range(10, 100_000_000)]
    public int TemplateIndexCapacity { get; set; } = 500_000;

    /// <summary>DMs re-scored per classifier call and transaction (a crash loses at most one such batch's work).</summary>
    [Range(1, 100_000)]
    public int RescoreBatchSize { get; set; } = 1000;
}
