using AutoDmGuard.Web.Tests.Infrastructure;

namespace AutoDmGuard.Web.BrowserTests.Infrastructure;

/// <summary><see cref="AppFactory"/> served by real Kestrel on 127.0.0.1 and a free port, with its callback registered at the sandbox.</summary>
public class KestrelAppFactory : AppFactory
{
    private Uri? _baseAddress;

    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _baseAddress = StartKestrel();
    }
}
