using AutoDmGuard.XApiSandbox;

// Standalone: `dotnet run --project src/AutoDmGuard.XApiSandbox`; options from the "Sandbox" section
// (appsettings.json, SANDBOX__* environment variables or --Sandbox:Key=value arguments).
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var options = new SandboxOptions();
configuration.GetSection(SandboxOptions.Section).Bind(options);

// ':' separates configuration keys, so route keys with parameters are written with braces in configuration
// ("GET /2/users/{id}/following") and mapped back to X's spelling here (docs/sandbox.md, Routes).
foreach (var key in options.RateLimits.Keys.Where(k => k.Contains('{', StringComparison.Ordinal)).ToList())
{
    var routeKey = System.Text.RegularExpressions.Regex.Replace(key, @"\{(\w+)\}", ":$1");
    options.RateLimits[routeKey] = options.RateLimits[key];
    options.RateLimits.Remove(key);
}
foreach (var client in configuration.GetSection("Sandbox:RegisteredClients").GetChildren())
{
    options.Clients.Add(new SandboxClient(
        client["ClientId"] ?? throw new InvalidOperationException("Sandbox:RegisteredClients entries need a ClientId."),
        client["ClientSecret"],
        [.. client.GetSection("RedirectUris").GetChildren().Select(c => c.Value!)]));
}

WebApplication app;
try
{
    app = SandboxHost.Build(options, args, builder => builder.Logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
}
catch (Exception ex) when (ex is SandboxDataException or AutoDmGuard.MailboxDump.MailboxDumpException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        Console.WriteLine($"X API sandbox listening on {url} (control page: {url}/_sandbox)");
    }
});
await app.RunAsync();
return 0;
