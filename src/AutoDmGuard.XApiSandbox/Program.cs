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
catch (SandboxDataException ex)
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
