namespace AutoDmGuard.XApi.Tests.Infrastructure;

/// <summary>
/// Recorded-style response bodies under Fixtures/, written from X's documented and observed responses
/// (docs/sandbox.md, How faithful).
/// </summary>
internal static class Fixture
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
