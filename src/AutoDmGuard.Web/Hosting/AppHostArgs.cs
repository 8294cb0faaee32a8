namespace AutoDmGuard.Web.Hosting;

/// <summary>The host settings the app starts with, ahead of the command line it was given.</summary>
public static class AppHostArgs
{
    /// <summary>
    /// <c>hostBuilder:reloadConfigOnChange=false</c>: appsettings*.json are read at start, not watched. To reload them
    /// the host watches its content root and every folder below it, and the default data folder (App_Data) is below
    /// it, so every SQLite write (database, WAL, shared memory) woke the watcher: ~8 s of CPU in a 100,000-DM backfill
    /// (docs/worker.md). Put first so that a later <c>--hostBuilder:reloadConfigOnChange=true</c> still wins.
    /// </summary>
    public static string[] With(IEnumerable<string> args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];
}
