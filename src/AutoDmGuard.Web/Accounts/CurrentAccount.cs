using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Accounts;

/// <summary>The signed-in account's row for this request (layout header, reconnect banner); loaded once per request.</summary>
public sealed class CurrentAccount(IHttpContextAccessor http, AppDbContext db)
{
    private Account? _account;
    private bool _loaded;

    public async Task<Account?> GetAsync(CancellationToken ct = default)
    {
        if (!_loaded)
        {
            var accountId = http.HttpContext?.User.FindAccountId();
            _account = accountId is null ? null : await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
            _loaded = true;
        }

        return _account;
    }
}
