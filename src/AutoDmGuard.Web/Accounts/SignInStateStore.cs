using System.Security.Cryptography;
using System.Text;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Accounts;

/// <summary>
/// The started sign-ins (<see cref="SignInState"/> rows): in the database, so the callback from X may reach another app
/// instance than the one that sent the browser to X. Each state is taken once (a replayed callback finds nothing) and
/// only within <see cref="Lifetime"/>; abandoned ones are deleted when the next sign-in starts. Synchronous because
/// ASP.NET Core asks for the state synchronously (<see cref="Microsoft.AspNetCore.Authentication.ISecureDataFormat{TData}"/>).
/// </summary>
public sealed class SignInStateStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>How long a sign-in may take from "Sign in with X" to the callback; also the correlation cookie's lifetime.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public void Add(string key, byte[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        db.SignInStates.Where(s => s.ExpiresAt <= now).ExecuteDelete();
        db.SignInStates.Add(new SignInState { KeyHash = Hash(key), Properties = properties, ExpiresAt = now + Lifetime });
        db.SaveChanges();
    }

    /// <summary>The sign-in's properties, and the state is gone; null when unknown, already taken or expired.</summary>
    public byte[]? Take(string key)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hash = Hash(key);
        var row = db.SignInStates.AsNoTracking().Where(s => s.KeyHash == hash).Select(s => new { s.Properties, s.ExpiresAt }).SingleOrDefault();
        if (row is null)
        {
            return null;
        }

        // Only the request whose delete removed the row may use it: two callbacks with one state (a replay racing the
        // first, on this instance or another) both read it, and exactly one deletes it.
        if (db.SignInStates.Where(s => s.KeyHash == hash).ExecuteDelete() != 1)
        {
            return null;
        }

        return row.ExpiresAt > clock.GetUtcNow().UtcDateTime ? row.Properties : null;
    }

    /// <summary>The row's key: a copy of the table does not hold the states X carries.</summary>
    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
