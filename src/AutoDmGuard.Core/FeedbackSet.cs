namespace AutoDmGuard.Core;

/// <summary>
/// The user's automated / not-automated marks for one account. The latest mark per sender wins. The classifier
/// applies a mark to that sender directly and learns from the marked senders' messages to score similar ones.
/// </summary>
public sealed class FeedbackSet
{
    private readonly Dictionary<string, FeedbackMark> _bySender;

    public FeedbackSet(IEnumerable<FeedbackMark> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        _bySender = new Dictionary<string, FeedbackMark>(StringComparer.Ordinal);
        foreach (var mark in marks)
        {
            if (!_bySender.TryGetValue(mark.SenderId, out var existing) || existing.MarkedAtUtc <= mark.MarkedAtUtc)
            {
                _bySender[mark.SenderId] = mark;
            }
        }
    }

    public static FeedbackSet Empty { get; } = new([]);

    /// <summary>The effective mark per sender (latest one).</summary>
    public IReadOnlyCollection<FeedbackMark> Marks => _bySender.Values;

    public int AutomatedCount => _bySender.Values.Count(m => m.Label == FeedbackLabel.Automated);

    public int NotAutomatedCount => _bySender.Values.Count(m => m.Label == FeedbackLabel.NotAutomated);

    /// <summary>The sender's effective mark, or null when the user never marked them.</summary>
    public FeedbackLabel? LabelFor(string senderId) =>
        _bySender.TryGetValue(senderId, out var mark) ? mark.Label : null;

    /// <summary>A new set with one more mark (this one wins over earlier marks of the same sender).</summary>
    public FeedbackSet With(FeedbackMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        return new FeedbackSet(_bySender.Values.Where(m => m.SenderId != mark.SenderId).Append(mark));
    }
}
