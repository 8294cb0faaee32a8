namespace AutoDmGuard.XApiSandbox;

/// <summary>Picks the world: a mailbox dump when <see cref="SandboxOptions.DumpPath"/> is set, else the demo generator.</summary>
internal static class SandboxData
{
    public static WorldData Load(SandboxOptions options) =>
        options.DumpPath is { Length: > 0 } path
            ? MailboxDumpLoader.LoadFile(path, options.RebaseDumpToClock ? options.TimeProvider.GetUtcNow().UtcDateTime : null)
            : DemoWorldGenerator.Generate(options.Seed, options.TimeProvider.GetUtcNow().UtcDateTime, options.DemoDmCount, options.DemoSenderCount);
}
