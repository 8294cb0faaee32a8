using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutoDmGuard.Web.Tests.Hosting;

public sealed class ConfigurationFileTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// The app's settings files are read at start and not watched: a watcher on the content root also sees every write
    /// to the database below it (AppHostArgs). Started as tests start it, through Program.cs.
    /// </summary>
    [Fact]
    public void Settings_files_are_read_once_not_watched()
    {
        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }
}
