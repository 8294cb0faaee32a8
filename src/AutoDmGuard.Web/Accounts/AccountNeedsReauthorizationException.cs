namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// The account's tokens no longer work (revoked at X, expired, disconnected): the account is marked
/// <c>NeedsReauthorization</c> and only a new sign-in with X fixes it.
/// </summary>
public sealed class AccountNeedsReauthorizationException : Exception
{
    public AccountNeedsReauthorizationException()
    {
    }

    public AccountNeedsReauthorizationException(string message)
        : base(message)
    {
    }

    public AccountNeedsReauthorizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AccountNeedsReauthorizationException(string accountId, string reason, Exception? innerException = null)
        : base($"Account {accountId} needs to sign in with X again: {reason}", innerException)
    {
        AccountId = accountId;
        Reason = reason;
    }

    public string? AccountId { get; }
    public string? Reason { get; }
}
