using System.Net;
using AutoDmGuard.XApiSandbox.Tests.Support;

namespace AutoDmGuard.XApiSandbox.Tests;

/// <summary>The sandbox's admin API has no authentication: it listens on loopback only and refuses cross-site posts.</summary>
public sealed class ExposureTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://+:0")]
    [InlineData("http://192.0.2.10:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    public async Task Non_loopback_bind_addresses_are_refused(string urls)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSandbox.StartAsync(o => o.Urls = urls));
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task Cross_site_posts_to_the_admin_api_are_refused(string header, string value)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("_sandbox/faults/clear", UriKind.Relative));
        request.Headers.Add(header, value);

        using var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Same_origin_and_non_browser_posts_are_accepted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, new Uri("_sandbox/faults/clear", UriKind.Relative));
        sameOrigin.Headers.Add("Origin", sandbox.Host.BaseAddress.GetLeftPart(UriPartial.Authority));
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var plain = new HttpRequestMessage(HttpMethod.Post, new Uri("_sandbox/faults/clear", UriKind.Relative));

        using var first = await sandbox.Http.SendAsync(sameOrigin);
        using var second = await sandbox.Http.SendAsync(plain);

        Assert.NotEqual(HttpStatusCode.Forbidden, first.StatusCode);
        Assert.True(first.IsSuccessStatusCode || first.StatusCode == HttpStatusCode.Redirect, first.StatusCode.ToString());
        Assert.True(second.IsSuccessStatusCode || second.StatusCode == HttpStatusCode.Redirect, second.StatusCode.ToString());
    }
}
