namespace AutoDmGuard.Web.Senders;

public enum ActionOutcomeKind
{
    Done,

    /// <summary>The account has no such sender (or job): nothing was changed.</summary>
    NotFound,

    /// <summary>The request does not fit the sender's state (e.g. Undo with nothing to undo).</summary>
    Conflict,

    /// <summary>X refused or was unreachable; the sender's state is unchanged.</summary>
    Failed,
}

/// <summary>What a dashboard action did, with a sentence for the user.</summary>
public sealed record ActionOutcome(ActionOutcomeKind Kind, string Message, string? SenderId = null, string? Username = null)
{
    public bool Ok => Kind == ActionOutcomeKind.Done;

    public int StatusCode => Kind switch
    {
        ActionOutcomeKind.Done => 200,
        ActionOutcomeKind.NotFound => 404,
        ActionOutcomeKind.Conflict => 409,
        _ => 502,
    };
}
