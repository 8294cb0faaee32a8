namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Picks the world: a mailbox dump when <see cref="SandboxOptions.DumpPath"/> is set, else the demo world, persisted in
/// <see cref="SandboxOptions.WorldPath"/> when that is set, else generated in memory.
/// </summary>
internal static class SandboxData
{
    public static SandboxRuntime Open(SandboxOptions options)
    {
        if (options.DumpPath is not { Length: > 0 } && options.WorldPath is { Length: > 0 } path)
        {
            var (world, journal, worldId) = PersistedWorld.Open(options, path);
            return new SandboxRuntime(options, world, worldId, journal);
        }

        return new SandboxRuntime(options, Load(options));
    }

    public static WorldData Load(SandboxOptions options) =>
        options.DumpPath is { Length: > 0 } path
            ? MailboxDumpLoader.LoadFile(path, options.RebaseDumpToClock ? options.TimeProvider.GetUtcNow().UtcDateTime : null)
            : DemoWorldGenerator.Generate(options.Seed, options.TimeProvider.GetUtcNow().UtcDateTime, options.DemoDmCount, options.DemoSenderCount);
}
