using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Demo;

/// <summary>
/// Runs once after the migrations, before the worker starts: the demo accounts in the database must belong to the
/// running demo world. Demo accounts are the sandbox's signable accounts and any account bound to a world. With
/// Sandbox:Reset the others are deleted (every row hangs off Account and cascades); without it their presence is a
/// problem that blocks sign-in and is logged and shown on every page with the reset command.
/// </summary>
public static partial class DemoWorldCheck
{
    public static async Task CheckDemoWorldAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var demo = app.Services.GetRequiredService<DemoMode>();
        if (demo.World is not { } world)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoWorldCheck));
        var signable = app.Services.GetRequiredService<DemoSandbox>().Host.SignableAccounts.Select(a => a.Id).ToList();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var others = db.Accounts.Where(a => a.SandboxWorldId != world.Id && (a.SandboxWorldId != null || signable.Contains(a.Id)));
        if (world.ResetRequested)
        {
            var deleted = await others.ExecuteDeleteAsync();
            LogReset(logger, world.Path, world.Id, deleted);
        }
        else if (world.Problem is null && await others.CountAsync() is > 0 and var count)
        {
            world.Refuse($"This data folder holds {count} demo account(s) whose data came from another demo world than the one in {world.Path} (deleted or replaced), so it cannot be continued.");
        }

        if (world.Problem is { } problem)
        {
            LogUnusable(logger, problem, DemoWorld.ResetCommand);
        }
        else if (!world.ResetRequested)
        {
            LogWorld(logger, world.Id, world.Created ? "created in" : "continued from", world.Path);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo reset: new demo world {WorldId} in {WorldPath}; deleted {Accounts} demo account(s) of the old world with all their data.")]
    private static partial void LogReset(ILogger logger, string worldPath, string? worldId, int accounts);

    [LoggerMessage(Level = LogLevel.Error, Message = "DEMO WORLD UNUSABLE: {Problem} Sign-in is refused so that no account mixes two worlds. To start over with a new world (deletes the demo accounts' data here), run: {ResetCommand}")]
    private static partial void LogUnusable(ILogger logger, string problem, string resetCommand);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo world {WorldId} {CreatedOrContinued} {WorldPath}.")]
    private static partial void LogWorld(ILogger logger, string? worldId, string createdOrContinued, string worldPath);
}
