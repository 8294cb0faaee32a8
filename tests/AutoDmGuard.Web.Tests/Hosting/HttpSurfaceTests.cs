using System.Net;
using AutoDmGuard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Tests.Hosting;

/// <summary>Outside Development (here: Production).</summary>
public sealed class ProductionAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public sealed class HttpSurfaceTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("TRACE", "/Account")]
    [InlineData("TRACE", "/senders/1")]
    [InlineData("PUT", "/senders")]
    [InlineData("DELETE", "/Settings")]
    [InlineData("PATCH", "/")]
    public async Task Unknown_methods_on_pages_get_405(string method, string path)
    {
        using var user = await app.SignInAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await user.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Every_cookie_is_secure_outside_development()
    {
        await using var production = new ProductionAppFactory();
        await production.InitializeAsync();
        var services = production.Services;

        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme).Cookie.SecurePolicy);
    }
}
