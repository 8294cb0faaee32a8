namespace AutoDmGuard.Core;

/// <summary>One DM as the classifier sees it; the user's own sent messages are included (SenderId == InboxContext.MeId).</summary>
/// <remarks>
/// A caller that holds a large inbox's texts outside the managed heap gives each DM an empty <see cref="Text"/> and a
/// <see cref="Deferred"/> text instead: a scoring run reads every such text once, when it analyzes the DM, and releases
/// the user's own unread. Nothing else reads <see cref="Text"/> of such a DM.
/// </remarks>
public sealed record DmMessage(string EventId, string ConversationId, string SenderId, string Text, DateTime CreatedAtUtc)
{
    /// <summary>The text, when it is held elsewhere until a scoring run reads it (then <see cref="Text"/> is empty).</summary>
    public DeferredText? Deferred { get; init; }

    /// <summary>
    /// The order a scoring run reads an inbox in (and indexes it: which cluster a DM joins depends on what came before):
    /// by time; ties (the same second) in snowflake order, the shorter id first, then ordinal.
    /// </summary>
    public static int CompareChronologically(DmMessage? a, DmMessage? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null || b is null)
        {
            return a is null ? -1 : 1;
        }

        var c = a.CreatedAtUtc.CompareTo(b.CreatedAtUtc);
        if (c != 0)
        {
            return c;
        }

        c = a.EventId.Length.CompareTo(b.EventId.Length);
        return c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId);
    }

    /// <summary>The same DM with its text in <see cref="Text"/>: a deferred text is read (and released) here, once.</summary>
    internal DmMessage WithText() =>
        Deferred is { } deferred ? this with { Text = deferred.Source.Take(deferred.Handle), Deferred = null } : this;

    /// <summary>The same DM without its text, for a run's lists once the text is analyzed (or never needed, if sent).</summary>
    internal DmMessage WithoutText()
    {
        if (Deferred is { } deferred)
        {
            deferred.Source.Release(deferred.Handle);
            return this with { Text = string.Empty, Deferred = null };
        }

        return Text.Length == 0 ? this : this with { Text = string.Empty };
    }
}

/// <summary>A DM's text held by <paramref name="Source"/> under <paramref name="Handle"/> (see <see cref="DmMessage.Deferred"/>).</summary>
public readonly record struct DeferredText(IDeferredTexts Source, int Handle);

/// <summary>Texts held outside the managed heap, each read or released once, from any thread.</summary>
public interface IDeferredTexts
{
    /// <summary>The text of <paramref name="handle"/>, which is then released.</summary>
    string Take(int handle);

    /// <summary>Releases the text of <paramref name="handle"/> unread.</summary>
    void Release(int handle);
}
