using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.Tests.Demo;

public sealed class DemoModeGuardTests
{
    [Fact]
    public async Task Demo_mode_refuses_to_start_in_production_unless_asked_explicitly()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartDemoAsync("--environment", "Production"));
        Assert.Contains("Sandbox:AllowInProduction", refused.Message, StringComparison.Ordinal);

        await using var allowed = await AppProcess.StartDemoAsync("--environment", "Production", "--Sandbox:AllowInProduction=true", "--Sandbox:DemoDmCount=20");
        Assert.NotNull(allowed.SandboxAddress);
    }
}
