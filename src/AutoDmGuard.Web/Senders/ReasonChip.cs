using AutoDmGuard.Web.Scoring;

namespace AutoDmGuard.Web.Senders;

/// <summary>One classifier signal as the dashboard shows it: a short label and the sentence behind it.</summary>
public sealed record ReasonChip(string Signal, double Weight, string Reason)
{
    /// <summary>The stored reasons (<see cref="StoredReasons"/>) as chips, strongest first.</summary>
    public static IReadOnlyList<ReasonChip> Parse(string? json, int max = int.MaxValue) =>
        [.. StoredReasons.Read(json)
            // Rows come from the database; a reason without name and sentence has nothing to show.
            .Where(r => r.Signal is not null || r.Reason is not null)
            .Select(r => new ReasonChip(r.Signal ?? "signal", r.Weight, r.Reason ?? r.Signal ?? ""))
            .OrderByDescending(c => c.Weight)
            .Take(max)];

    /// <summary>The chip text: the signal name in words ("template-shared-by-12-senders" reads "template shared by 12 senders").</summary>
    public string Label => Signal.Replace('-', ' ').Replace('_', ' ');
}
