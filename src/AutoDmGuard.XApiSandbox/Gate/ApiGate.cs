namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// Runs before every X route: bearer auth (401), injected faults, the scope check (403), then the per-user rate
/// limit (429 + headers). Admin and consent routes carry no <see cref="XRoute"/> scopes and skip auth.
/// </summary>
internal sealed class ApiGate(SandboxRuntime runtime, IHostApplicationLifetime lifetime)
{
    public const string GrantItem = "sandbox.grant";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<XRoute>();
        if (route is null)
        {
            await next();
            return;
        }

        // Authenticated before anything else, so the log names the account even for a request the gate then refuses.
        var grant = route.IsUserContext ? Authenticate(context) : null;
        var entry = runtime.Requests.Start(context.Request.Method, context.Request.Path.Value ?? "", route.Key, grant?.UserId, runtime.Now);
        try
        {
            await GuardAsync(context, next, route, grant);
        }
        finally
        {
            // 499 (nginx's "client closed request"): the caller hung up or was killed before an answer.
            runtime.Requests.End(entry, context.RequestAborted.IsCancellationRequested ? 499 : context.Response.StatusCode, runtime.Now);
        }
    }

    private async Task GuardAsync(HttpContext context, Func<Task> next, XRoute route, AccessGrant? grant)
    {
        // X sends an id per response for support requests (docs/sandbox.md, Rate limits); ours is random and means nothing.
        context.Response.Headers["x-transaction-id"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        if (route.IsUserContext)
        {
            if (grant is null)
            {
                await Problems.UnauthorizedAsync(context);
                return;
            }

            context.Items[GrantItem] = grant;
        }

        var fault = runtime.Faults.TryTake(route.Key);
        if (fault is not null && fault != "truncated")
        {
            await ApplyFaultAsync(context, fault, route, grant);
            return;
        }

        if (grant is not null)
        {
            // Scopes first, as on X: a token that can never call the route learns that (403), not "try later"
            // (429), and its refused calls do not use up the bucket; the headers still show the bucket's state.
            var missing = route.Scopes!.Where(s => !grant.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                runtime.Limiter.Peek(grant.UserId, route.Key)?.Apply(context.Response);
                await Problems.ForbiddenAsync(context, $"Missing required OAuth 2.0 scope(s): {string.Join(", ", missing)}.");
                return;
            }

            var decision = runtime.Limiter.Consume(grant.UserId, route.Key);
            decision?.Apply(context.Response);
            if (decision is { Allowed: false })
            {
                await Problems.TooManyRequestsAsync(context);
                return;
            }
        }

        if (fault == "truncated")
        {
            await TruncateAsync(context, next);
            return;
        }

        await next();
    }

    private AccessGrant? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[prefix.Length..].Trim();
        return token.Length == 0 ? null : runtime.OAuth.Authenticate(token);
    }

    private async Task ApplyFaultAsync(HttpContext context, string fault, XRoute route, AccessGrant? grant)
    {
        switch (fault)
        {
            case "401":
                // X rejecting a token it issued (revoked or rotated on its side), whatever the token is.
                await Problems.UnauthorizedAsync(context);
                break;
            case "429":
                var state = grant is null ? null : runtime.Limiter.Peek(grant.UserId, route.Key);
                (state is null ? new RateDecision(0, 0, runtime.Now.AddMinutes(15), false) : state with { Remaining = 0 }).Apply(context.Response);
                await Problems.TooManyRequestsAsync(context);
                break;
            case "500":
                await Problems.ServerErrorAsync(context, 500, "Internal Server Error");
                break;
            case "503":
                await Problems.ServerErrorAsync(context, 503, "Service Unavailable");
                break;
            case "hang":
                // Hangs until the client gives up (its timeout) or the sandbox stops; never answers.
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping))
                {
                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        context.Abort();
                    }
                }

                break;
            default:
                // "malformed": a complete 200 response whose body is not JSON.
                await XJson.WriteBytesAsync(context, 200, "{\"data\":[{\"id\":\"0\",\"text\":\"malformed\"},]"u8.ToArray(), XJson.Json);
                break;
        }
    }

    /// <summary>Runs the real handler (its side effects happen), then sends half its body and drops the connection.</summary>
    private static async Task TruncateAsync(HttpContext context, Func<Task> next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await original.FlushAsync(context.RequestAborted);
        context.Abort();
    }
}
