using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Polling;

/// <summary>
/// One account's poll within one pass: the account, its PollState row, its X session (one refresh at most) and what the
/// pass did so far. Handed from step to step, so the scoped services doing the steps (<see cref="FollowingSync"/>,
/// <see cref="InboxSync"/>, <see cref="PollFailurePolicy"/>) keep no state of their own between calls.
/// </summary>
internal sealed class AccountPass(Account account, PollState state, AccountXSession x)
{
    public Account Account { get; } = account;

    public string AccountId => Account.Id;

    /// <summary>The row this instance holds the lease on; its cursors move only together with what they point past.</summary>
    public PollState State { get; } = state;

    public AccountXSession X { get; } = x;

    public AccountPollOutcome Outcome { get; set; } = new(account.Id);

    /// <summary>
    /// Saves what is staged plus the whole PollState row (the lease makes the row ours), then forgets the tracked
    /// entities so a long backfill keeps a flat memory profile.
    /// </summary>
    public async Task SaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        db.Entry(State).State = EntityState.Modified;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
