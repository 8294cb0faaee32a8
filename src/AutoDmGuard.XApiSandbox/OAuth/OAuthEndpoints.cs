namespace AutoDmGuard.XApiSandbox;

/// <summary>Consent page, token and revoke endpoints (docs/sandbox.md, OAuth).</summary>
internal static class OAuthEndpoints
{
    public static void MapOAuth(this IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapGet("/i/oauth2/authorize", ctx => AuthorizeAsync(ctx, rt));
        app.MapPost("/i/oauth2/authorize", ctx => ConsentAsync(ctx, rt));
        app.MapPost("/2/oauth2/token", ctx => TokenAsync(ctx, rt)).WithMetadata(new XRoute(RouteKeys.Token, null));
        app.MapPost("/2/oauth2/revoke", ctx => RevokeAsync(ctx, rt)).WithMetadata(new XRoute(RouteKeys.Revoke, null));
    }

    private static Task AuthorizeAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var (request, error) = Validate(rt, key => ctx.Request.Query[key].ToString(), key => ctx.Request.Query.ContainsKey(key));
        return request is null
            ? ConsentPage.WriteErrorAsync(ctx, error!)
            : ConsentPage.WriteAsync(ctx, request, rt.World.Signable);
    }

    private static async Task ConsentAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync(ctx.RequestAborted) : FormCollection.Empty;
        var (request, error) = Validate(rt, key => form[key].ToString(), form.ContainsKey);
        if (request is null)
        {
            await ConsentPage.WriteErrorAsync(ctx, error!);
            return;
        }

        var state = Uri.EscapeDataString(request.State);
        if (!string.Equals(form["decision"].ToString(), "allow", StringComparison.Ordinal))
        {
            ctx.Response.Redirect(Append(request.RedirectUri, $"error=access_denied&state={state}"));
            return;
        }

        var userId = form["user_id"].ToString();
        if (!rt.World.IsSignable(userId))
        {
            await ConsentPage.WriteErrorAsync(ctx, "Pick one of the listed accounts to sign in with.");
            return;
        }

        var code = rt.OAuth.IssueCode(request, userId);
        ctx.Response.Redirect(Append(request.RedirectUri, $"state={state}&code={Uri.EscapeDataString(code)}"));
    }

    /// <summary>
    /// Checks the authorize parameters X checks (docs/sandbox.md, OAuth); errors are shown as a page, never redirected.
    /// </summary>
    private static (AuthorizationRequest? Request, string? Error) Validate(SandboxRuntime rt, Func<string, string> get, Func<string, bool> has)
    {
        var client = rt.OAuth.FindClient(get("client_id"));
        if (client is null)
        {
            return (null, "Unknown client_id: this app is not registered with the sandbox.");
        }

        var redirectUri = get("redirect_uri");
        if (!client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return (null, "redirect_uri does not exactly match a callback URL registered for this app.");
        }

        if (!string.Equals(get("response_type"), "code", StringComparison.Ordinal))
        {
            return (null, "response_type must be \"code\".");
        }

        var state = get("state");
        if (!has("state") || state.Length == 0 || state.Length > 500)
        {
            return (null, "state is required and may be at most 500 characters.");
        }

        var challenge = get("code_challenge");
        var method = PkceMethod(get("code_challenge_method"));
        if (challenge.Length == 0 || method is null)
        {
            return (null, "code_challenge is required and code_challenge_method must be S256 or plain.");
        }

        var scopes = get("scope").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            return (null, "scope is required.");
        }

        var unknown = scopes.FirstOrDefault(s => !OAuthScopes.Known.Contains(s));
        if (unknown is not null)
        {
            return (null, $"Unknown scope: {unknown}.");
        }

        return (new AuthorizationRequest(client, redirectUri, scopes, state, challenge, method), null);
    }

    /// <summary>
    /// X accepts the method in any case (twitter-api-v2 and twitter-api-sdk send <c>s256</c>); RFC 7636's spelling is
    /// stored so the verifier check has one name per method.
    /// </summary>
    private static string? PkceMethod(string method) =>
        string.Equals(method, "S256", StringComparison.OrdinalIgnoreCase) ? "S256"
        : string.Equals(method, "plain", StringComparison.OrdinalIgnoreCase) ? "plain"
        : null;

    private static async Task TokenAsync(HttpContext ctx, SandboxRuntime rt)
    {
        if (await ReadClientParametersAsync(ctx, rt) is not var (form, client))
        {
            return;
        }

        var grantType = form.GetValueOrDefault("grant_type") ?? string.Empty;
        (TokenResponse? Token, OAuthError? Error) result = grantType switch
        {
            "authorization_code" => Required(form, "code", "redirect_uri", "code_verifier") is { } missing
                ? (null, OAuthError.Missing(missing))
                : rt.OAuth.RedeemCode(client, form["code"], form["redirect_uri"], form["code_verifier"]),
            "refresh_token" => Required(form, "refresh_token") is { } missing
                ? (null, OAuthError.Missing(missing))
                : rt.OAuth.Refresh(client, form["refresh_token"]),
            "" => (null, OAuthError.Missing("grant_type")),
            _ => (null, new OAuthError(400, "unsupported_grant_type", $"Grant type [{grantType}] is not supported.")),
        };

        if (result.Token is not { } token)
        {
            await WriteErrorAsync(ctx, result.Error!);
            return;
        }

        ctx.Response.Headers.CacheControl = "no-store";
        await XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("token_type", "bearer");
            w.WriteNumber("expires_in", token.ExpiresIn);
            w.WriteString("access_token", token.AccessToken);
            w.WriteString("scope", token.Scope);
            if (token.RefreshToken is not null)
            {
                w.WriteString("refresh_token", token.RefreshToken);
            }

            w.WriteEndObject();
        });
    }

    private static async Task RevokeAsync(HttpContext ctx, SandboxRuntime rt)
    {
        if (await ReadClientParametersAsync(ctx, rt) is not var (form, client))
        {
            return;
        }

        var token = form.GetValueOrDefault("token") ?? string.Empty;
        if (token.Length == 0)
        {
            await WriteErrorAsync(ctx, OAuthError.Missing("token"));
            return;
        }

        // RFC 7009: unknown tokens also answer 200; token_type_hint is accepted and ignored (docs/sandbox.md, OAuth).
        rt.OAuth.Revoke(client, token);
        await XJson.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("revoked", true);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The token and revoke endpoints' common start: the parameters from an authenticated client, else the error is
    /// written. Like X, parameters may come in the query string (twitter-api-sdk), a form body (RFC 6749) or a JSON
    /// object body (twitter-api-v2); a body value wins over the same name in the query string.
    /// </summary>
    private static async Task<(IReadOnlyDictionary<string, string> Parameters, SandboxClient Client)?> ReadClientParametersAsync(HttpContext ctx, SandboxRuntime rt)
    {
        var (parameters, error) = await OAuthParameters.ReadAsync(ctx.Request, ctx.RequestAborted);
        if (parameters is null)
        {
            await WriteErrorAsync(ctx, error!);
            return null;
        }

        var (client, clientError) = rt.OAuth.AuthenticateClient(ctx.Request.Headers.Authorization.ToString(), parameters.GetValueOrDefault("client_id"));
        if (client is null)
        {
            await WriteErrorAsync(ctx, clientError!);
            return null;
        }

        return (parameters, client);
    }

    private static string? Required(IReadOnlyDictionary<string, string> parameters, params string[] names) =>
        names.FirstOrDefault(n => string.IsNullOrEmpty(parameters.GetValueOrDefault(n)));

    private static Task WriteErrorAsync(HttpContext ctx, OAuthError error) =>
        XJson.WriteAsync(ctx, error.Status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error.Error);
            w.WriteString("error_description", error.Description);
            w.WriteEndObject();
        });

    private static string Append(string uri, string query) => uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
}
