namespace AutoDmGuard.XApi.Internal;

/// <summary>
/// Reads the whole response body inside each resilience attempt. HttpClient would otherwise buffer it after the
/// pipeline has returned, so a connection reset in the middle of a body escaped the retry (reads) and the attempt
/// timeout. Writes still go out once: the retry strategy ignores unsafe methods whatever the failure.
/// </summary>
internal sealed class BufferedContentHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
