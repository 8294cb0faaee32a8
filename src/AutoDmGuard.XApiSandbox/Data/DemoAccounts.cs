namespace AutoDmGuard.XApiSandbox;

/// <summary>The demo world's signable accounts; their ids do not depend on the seed.</summary>
public static class DemoAccounts
{
    public static SandboxAccount Mira { get; } = new("1600000000000000001", "mira_makes", "Mira Castell");

    public static SandboxAccount Theo { get; } = new("1600000000000000002", "theo_ships", "Theo Brandt");

    public static SandboxAccount Quinn { get; } = new("1600000000000000003", "quinn_reads", "Quinn Avery");

    public static IReadOnlyList<SandboxAccount> All { get; } = [Mira, Theo, Quinn];
}
