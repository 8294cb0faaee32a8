using System.Collections.Concurrent;
using AutoDmGuard.Core;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// The process-wide classifier: one template index shared by every account (a template many inboxes receive is
/// stronger evidence), plus which accounts' stored history has been fed to the index since the process started.
/// </summary>
internal sealed class ClassifierState
{
    private readonly ConcurrentDictionary<string, bool> _warm = new(StringComparer.Ordinal);

    public InboxClassifier Classifier { get; } = new();

    public bool IsWarm(string accountId) => _warm.ContainsKey(accountId);

    public void MarkWarm(string accountId) => _warm[accountId] = true;
}
