using System.Collections.Concurrent;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>Every request the app sends through its HttpClients (X API, OAuth), as "METHOD /path", in order.</summary>
public sealed class XRequestLog
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyCollection<string> Requests => _requests;

    public int Count(string methodAndPath) => _requests.Count(r => r == methodAndPath);

    /// <summary>Runs before each request is sent (given "METHOD /path"): a test can look at the database mid-call or act then.</summary>
    public Func<string, Task>? BeforeSend { get; set; }

    internal DelegatingHandler CreateHandler() => new RecordingHandler(this);

    private sealed class RecordingHandler(XRequestLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var line = $"{request.Method} {request.RequestUri?.AbsolutePath}";
            log._requests.Enqueue(line);
            if (log.BeforeSend is { } hook)
            {
                await hook(line);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
