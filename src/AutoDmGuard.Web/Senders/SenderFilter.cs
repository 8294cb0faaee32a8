namespace AutoDmGuard.Web.Senders;

/// <summary>The list's filters; the names are the query string values.</summary>
public enum SenderFilter
{
    /// <summary>Flagged and not yet dealt with (the default view).</summary>
    Flagged,

    /// <summary>Every DM sender, whatever the verdict.</summary>
    All,

    /// <summary>Marked "not automated" by the user.</summary>
    Kept,

    Unfollowed,
    Muted,
}
