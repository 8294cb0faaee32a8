using System.Net;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Tests.Demo;

/// <summary>The app as `dotnet run` starts it without X credentials: it hosts the sandbox itself.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task Without_X_credentials_the_app_starts_the_sandbox_and_sign_in_works_over_real_HTTP()
    {
        await using var app = await AppProcess.StartDemoAsync("--Sandbox:DemoDmCount=20");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

        var landing = await browser.GetStringAsync(app.BaseAddress);
        var sandboxLink = new Uri(Regex.Match(landing, "data-testid=\"sandbox-link\" href=\"(?<h>[^\"]+)\"").Groups["h"].Value);
        Assert.Equal(new Uri(app.SandboxAddress, "_sandbox"), sandboxLink);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(sandboxLink)).StatusCode);

        // Both spellings of the loopback callback are registered; the sign-in uses the one the browser used.
        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            Assert.Equal("/", await app.SignInAsync(browser, "mira_makes", host));

            var home = await browser.GetStringAsync(new UriBuilder(app.BaseAddress) { Host = host }.Uri);
            Assert.StartsWith("@", HtmlForms.TextOfId(home, "signed-in-handle"), StringComparison.Ordinal);
        }

        Assert.Single(Regex.Matches(app.Output, "DEMO MODE"));
        Assert.Equal(0, await app.StopAsync());
    }

    [Fact]
    public void Demo_mode_switched_off_without_credentials_stops_the_start_with_a_clear_message()
    {
        using var app = new DemoModeApp { DemoEnabled = false };

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("X:ClientId and X:ClientSecret are both required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_id_without_its_secret_stops_the_start_with_a_clear_message()
    {
        using var app = new DemoModeApp { ClientId = "real-x-client" };

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("X:ClientSecret", error.Message, StringComparison.Ordinal);
    }

    private sealed class DemoModeApp : WebApplicationFactory<AppDbContext>
    {
        private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "autodmguard-tests", Guid.NewGuid().ToString("N"));

        public bool DemoEnabled { get; init; } = true;

        public string ClientId { get; init; } = "";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Data:Directory", _dataDirectory);
            builder.UseSetting("X:ClientId", ClientId);
            builder.UseSetting("X:ClientSecret", "");
            builder.UseSetting("Sandbox:Enabled", DemoEnabled ? "true" : "false");
            builder.UseSetting("Sandbox:DemoDmCount", "20");
            builder.UseSetting("Polling:Enabled", "false");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(_dataDirectory))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
    }
}
