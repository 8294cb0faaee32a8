using System.Collections.Concurrent;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>Every request the app sends through its HttpClients (X API, OAuth), as "METHOD /path", in order.</summary>
public sealed class XRequestLog
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyCollection<string> Requests => _requests;

    public int Count(string methodAndPath) => _requests.Count(r => r == methodAndPath);

    internal DelegatingHandler CreateHandler() => new RecordingHandler(this);

    private sealed class RecordingHandler(XRequestLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log._requests.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
