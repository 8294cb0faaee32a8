using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Operations;

/// <summary>What one instance of a fleet does: <c>--Role=web|worker</c>; without it, both (one machine needs nothing).</summary>
public enum AppRole
{
    /// <summary>Pages and the background work: the polling worker and the bulk-unfollow executor.</summary>
    Both,

    /// <summary>Pages (and the health endpoints) only; the background work runs on the worker instances.</summary>
    Web,

    /// <summary>The background work and the health endpoints only; no page is served.</summary>
    Worker,
}

/// <summary>The validated role, bound from the configuration key <see cref="AppRoles.Key"/>.</summary>
public sealed class AppRoleOptions
{
    public AppRole Role { get; set; }
}

/// <summary>
/// The one reading of <c>Role</c>: registrations need it before the host is built (a web instance must not even register
/// the worker), so it is parsed from configuration there and also offered as <see cref="IOptions{AppRoleOptions}"/>.
/// </summary>
public static class AppRoles
{
    public const string Key = "Role";

    /// <summary>The role this configuration names; a value other than web, worker or both stops the start with a message.</summary>
    public static AppRole GetAppRole(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return AppRole.Both;
        }

        // Names only: Enum.TryParse would also take "1" or "Web, Worker".
        foreach (var role in Enum.GetValues<AppRole>())
        {
            if (string.Equals(value.Trim(), role.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return role;
            }
        }

        throw new OptionsValidationException(
            Key,
            typeof(AppRoleOptions),
            [$"Role must be web, worker or both (the default); \"{value}\" is none of them. Example: --Role=worker."]);
    }

    /// <inheritdoc cref="GetAppRole(IConfiguration)"/>
    public static AppRole GetAppRole(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.GetAppRole();
    }

    /// <summary>The polling worker and the bulk-unfollow executor run here.</summary>
    public static bool RunsWorker(this AppRole role) => role != AppRole.Web;

    /// <summary>Razor pages and static assets are served here.</summary>
    public static bool ServesPages(this AppRole role) => role != AppRole.Worker;
}
