using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.Web.Demo;

/// <summary>
/// The built-in sandbox's world as this data folder keeps it: <c>demo-world.jsonl</c> next to the database, created on
/// the first start and continued after (docs/sandbox.md, "Persisted demo world"). <see cref="Problem"/> says why it
/// cannot be used (unreadable file, or the database holds demo accounts of another world); sign-in is then refused and
/// every page shows the problem with <see cref="ResetCommand"/>.
/// </summary>
public sealed class DemoWorld
{
    public const string FileName = "demo-world.jsonl";

    /// <summary>The one way to start over: a new world and none of the old demo accounts' data.</summary>
    public const string ResetCommand = "dotnet run --project src/AutoDmGuard.Web -- --Sandbox:Reset=true";

    private volatile string? _problem;

    public DemoWorld(string path, string? id, bool resetRequested, bool created, string? problem = null)
    {
        Path = path;
        Id = id;
        ResetRequested = resetRequested;
        Created = created;
        _problem = problem;
    }

    public string Path { get; }

    /// <summary>The running world's id; null when the file could not be used and the sandbox runs a throwaway world.</summary>
    public string? Id { get; }

    /// <summary>Sandbox:Reset was given: the file was deleted before this world was made; the start-up check deletes the old demo accounts.</summary>
    public bool ResetRequested { get; }

    /// <summary>This start made the world (no file before); otherwise it continues the one in the file.</summary>
    public bool Created { get; }

    public string? Problem => _problem;

    internal void Refuse(string problem) => _problem = problem;

    /// <summary>
    /// Starts the sandbox on the world file in <paramref name="dataDirectory"/> (deleted first when <paramref name="reset"/>).
    /// A file the sandbox refuses is left as it is for inspection, and a world kept in memory only is served instead, so
    /// the app can start and say what is wrong. A mailbox dump is served as it is, not persisted (no world then).
    /// </summary>
    internal static async Task<(SandboxHost Host, DemoWorld? World)> StartSandboxAsync(SandboxOptions options, string dataDirectory, bool reset, CancellationToken ct)
    {
        if (options.DumpPath is { Length: > 0 })
        {
            return (await SandboxHost.StartAsync(options, ct), null);
        }

        var path = System.IO.Path.Combine(dataDirectory, FileName);
        if (reset)
        {
            File.Delete(path);
            File.Delete(path + ".tmp");
        }

        options.WorldPath = path;
        var created = !File.Exists(path);
        try
        {
            var host = await SandboxHost.StartAsync(options, ct);
            return (host, new DemoWorld(path, host.WorldId, reset, created));
        }
        catch (SandboxDataException ex)
        {
            options.WorldPath = null;
            var host = await SandboxHost.StartAsync(options, ct);
            return (host, new DemoWorld(path, id: null, reset, created: false, ex.Message));
        }
    }
}
