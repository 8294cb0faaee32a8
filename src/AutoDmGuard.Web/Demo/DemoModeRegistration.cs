using System.Security.Cryptography;
using AutoDmGuard.Web.Data;
using AutoDmGuard.XApi;
using AutoDmGuard.XApiSandbox;

namespace AutoDmGuard.Web.Demo;

public static class DemoModeRegistration
{
    /// <summary>The demo client id; stable across runs so the demo world's accounts keep their rows.</summary>
    public const string DemoClientId = "autodmguard-demo";

    /// <summary>
    /// Decides between real X and a sandbox before the app is built (the X client reads its base URLs from configuration):
    /// X:ClientId set → real X (or <c>Sandbox:BaseAddress</c> if given); unset → start the built-in sandbox on a loopback
    /// port, point X:* at it with a generated client secret, and register the app's callback (<paramref name="callbackPath"/>,
    /// the sign-in's) once Kestrel knows its address.
    /// </summary>
    public static async Task<WebApplicationBuilder> AddDemoModeAsync(this WebApplicationBuilder builder, string callbackPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(callbackPath);
        var demo = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        var clientId = builder.Configuration[$"{XApiOptions.Section}:{nameof(XApiOptions.ClientId)}"];

        if (!string.IsNullOrWhiteSpace(clientId))
        {
            if (demo.BaseAddress is null)
            {
                builder.Services.AddSingleton(DemoMode.Off);
                return builder;
            }

            PointXAt(builder, demo.BaseAddress, clientId: null, clientSecret: null);
            builder.Services.AddSingleton(new DemoMode(demo.BaseAddress));
            return builder;
        }

        if (!demo.Enabled)
        {
            // XCredentialsValidation stops the start with a message naming the missing settings.
            builder.Services.AddSingleton(DemoMode.Off);
            return builder;
        }

        if (builder.Environment.IsProduction() && !demo.AllowInProduction)
        {
            throw new InvalidOperationException(
                $"X:ClientId is not set, so the app would start in demo mode with the built-in X sandbox, and the environment is Production. "
                + $"Set X:ClientId and X:ClientSecret for real X, or {DemoOptions.Section}:{nameof(DemoOptions.AllowInProduction)}=true to run the demo anyway.");
        }

        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var options = new SandboxOptions
        {
            Urls = demo.Urls,
            DumpPath = demo.DumpPath,
            Seed = demo.Seed,
            DemoDmCount = demo.DemoDmCount,
            DemoSenderCount = demo.DemoSenderCount,
        };
        var dataDirectory = DataRegistration.ResolveDataDirectory(builder.Configuration, builder.Environment);
        var (host, world) = await DemoWorld.StartSandboxAsync(options, dataDirectory, demo.Reset, ct);
        PointXAt(builder, host.BaseAddress, DemoClientId, clientSecret);
        builder.Services.AddSingleton(new DemoMode(host.BaseAddress) { World = world });

        // Resolved by the container from a factory, so the container disposes (stops) the sandbox with the app.
        var sandbox = new DemoSandbox(host, DemoClientId, clientSecret, callbackPath);
        builder.Services.AddSingleton(_ => sandbox);
        builder.Services.AddHostedService<DemoSandboxRegistrar>();
        return builder;
    }

    private static void PointXAt(WebApplicationBuilder builder, Uri sandbox, string? clientId, string? clientSecret)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{XApiOptions.Section}:{nameof(XApiOptions.ApiBaseUrl)}"] = sandbox.AbsoluteUri,
            [$"{XApiOptions.Section}:{nameof(XApiOptions.AuthorizeEndpoint)}"] = new Uri(sandbox, "i/oauth2/authorize").AbsoluteUri,
        };
        if (clientId is not null)
        {
            settings[$"{XApiOptions.Section}:{nameof(XApiOptions.ClientId)}"] = clientId;
            settings[$"{XApiOptions.Section}:{nameof(XApiOptions.ClientSecret)}"] = clientSecret;
        }

        // Added last, so it wins over appsettings, user secrets, environment and command line.
        builder.Configuration.AddInMemoryCollection(settings);
    }
}
