using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.XApi.Tests;

public sealed class XApiRegistrationTests
{
    [Fact]
    public void AddXApi_binds_the_X_section_and_registers_every_service()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["X:ClientId"] = "cid",
            ["X:ApiBaseUrl"] = "http://127.0.0.1:5123",
            ["X:AttemptTimeout"] = "00:00:03",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddXApi(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<XApiOptions>>().Value;
        Assert.True(options.IsConfigured);
        Assert.Equal(new Uri("http://127.0.0.1:5123/2/oauth2/token"), options.TokenEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5123/2/oauth2/revoke"), options.RevokeEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AttemptTimeout);
        Assert.Equal(XApiOptions.DefaultScopes, options.Scopes);
        Assert.IsType<XApiClient>(services.GetRequiredService<IXApiClient>());
        Assert.IsType<XOAuthClient>(services.GetRequiredService<IXOAuthClient>());
        Assert.NotNull(services.GetRequiredService<DmEventsReader>());
    }

    [Fact]
    public void Configured_scopes_replace_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["X:Scopes:0"] = "users.read",
            ["X:Scopes:1"] = "dm.read",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddXApi(configuration).BuildServiceProvider();

        Assert.Equal(["users.read", "dm.read"], services.GetRequiredService<IOptions<XApiOptions>>().Value.Scopes);
    }

    [Fact]
    public void Scopes_can_be_one_space_separated_string()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["X:Scopes"] = "users.read  dm.read offline.access",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddXApi(configuration).BuildServiceProvider();

        Assert.Equal(["users.read", "dm.read", "offline.access"], services.GetRequiredService<IOptions<XApiOptions>>().Value.Scopes);
    }

    [Fact]
    public void Defaults_point_at_real_X_and_are_not_configured_without_a_client_id()
    {
        var options = new XApiOptions();

        Assert.False(options.IsConfigured);
        Assert.Equal(new Uri("https://api.x.com/2/oauth2/token"), options.TokenEndpoint);
        Assert.Equal(new Uri("https://x.com/i/oauth2/authorize"), options.AuthorizeEndpoint);
    }

    [Fact]
    public void Total_timeout_shorter_than_attempt_timeout_fails_validation()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddXApi(o => { o.AttemptTimeout = TimeSpan.FromSeconds(20); o.TotalRequestTimeout = TimeSpan.FromSeconds(10); })
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<XApiOptions>>().Value);

        Assert.Contains("TotalRequestTimeout", ex.Message, StringComparison.Ordinal);
    }
}
