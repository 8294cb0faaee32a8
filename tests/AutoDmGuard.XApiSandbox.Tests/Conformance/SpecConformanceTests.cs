using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoDmGuard.Testing.OpenApi;
using AutoDmGuard.XApiSandbox.Tests.Support;
using Xunit.Abstractions;

namespace AutoDmGuard.XApiSandbox.Tests.Conformance;

/// <summary>
/// Every operation the sandbox implements, called over real HTTP with the parameter values X's OpenAPI document allows
/// (each field, expansion and event-type name alone and all together, page-size bounds, the pagination tokens it hands
/// out, the scopes it lists), each response validated with JsonSchema.Net against the operation's response schema
/// (status and media type as declared; required fields present; no field the spec does not know, see
/// <see cref="XApiSpec"/>). The sandbox runs with the spec's problem type base (https://api.x.com/2/problems/).
/// </summary>
public sealed class SpecConformanceTests(ITestOutputHelper output)
{
    private static readonly string Mira = DemoAccounts.Mira.Id;
    private static readonly string Theo = DemoAccounts.Theo.Id;

    public static TheoryData<string, string> Operations => new()
    {
        { "GET", "/2/users/me" },
        { "GET", "/2/users" },
        { "GET", "/2/dm_events" },
        { "GET", "/2/dm_conversations/with/{participant_id}/dm_events" },
        { "GET", "/2/dm_conversations/{id}/dm_events" },
        { "GET", "/2/users/{id}/following" },
        { "POST", "/2/users/{id}/following" },
        { "DELETE", "/2/users/{source_user_id}/following/{target_user_id}" },
        { "GET", "/2/users/{id}/muting" },
        { "POST", "/2/users/{id}/muting" },
        { "DELETE", "/2/users/{source_user_id}/muting/{target_user_id}" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_allowed_request_is_answered_as_the_spec_describes(string method, string path)
    {
        var spec = XApiSpec.Instance;
        var operation = spec.Operation(method, path);
        await using var sandbox = await StartAsync();
        var run = new Run(spec, operation, sandbox, await sandbox.AccessTokenAsync(Mira));
        var target = await QuietUserAsync(sandbox);
        var pathValues = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = path.Contains("dm_conversations", StringComparison.Ordinal) ? SandboxWorld.OneToOneConversationId(Mira, Theo) : Mira,
            ["participant_id"] = Theo,
            ["source_user_id"] = Mira,
            ["target_user_id"] = target,
        };
        var url = Fill(path, pathValues);
        foreach (var parameter in spec.Parameters(operation).Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            run.Expect(spec.ValidateParameter(parameter, pathValues[name]), $"path parameter {name}={pathValues[name]}");
        }

        if (method == "GET")
        {
            if (path.EndsWith("/muting", StringComparison.Ordinal))
            {
                // Mira mutes nobody in the demo world: two mutes make a list with a second page.
                foreach (var muted in new[] { target, Theo })
                {
                    await run.CallOtherAsync(spec.Operation("POST", path), HttpMethod.Post, url, HttpStatusCode.OK, new JsonObject { ["target_user_id"] = muted });
                }
            }

            await GetVariantsAsync(run, url);
        }
        else
        {
            await WriteVariantsAsync(run, method, url, target);
        }

        await ErrorsAsync(run, method, path, url, pathValues);
        await ScopesAsync(run, method, url, target);

        output.WriteLine($"{method} {path}: {run.Requests} requests, {run.Values.Count} distinct parameter values, {run.Validated} responses validated");
        Assert.True(run.Failures.Count == 0, string.Join(Environment.NewLine, run.Failures.Take(40)));
    }

    [Fact]
    public void The_validator_refuses_unknown_fields_missing_required_fields_and_wrong_types()
    {
        var spec = XApiSpec.Instance;
        const string user = "#/components/schemas/GetUsersMeResponse";
        Assert.Empty(spec.Validate(Parse("""{"data":{"id":"1","name":"n","username":"u","public_metrics":{"followers_count":1,"following_count":2,"post_count":3,"listed_count":4}}}"""), user));
        Assert.NotEmpty(spec.Validate(Parse("""{"data":{"id":"1","name":"n","username":"u","favourite_colour":"teal"}}"""), user));
        Assert.NotEmpty(spec.Validate(Parse("""{"data":{"id":"1","name":"n","username":"u","public_metrics":{"followers_count":1,"following_count":2,"listed_count":4}}}"""), user));
        Assert.NotEmpty(spec.Validate(Parse("""{"data":{"id":1,"name":"n","username":"u"}}"""), user));
        Assert.NotEmpty(spec.Validate(Parse("""{"data":[{"id":"1","event_type":"MessageCreate","created_at":"yesterday"}]}"""), "#/components/schemas/GetDirectMessagesEventsResponse"));
        Assert.NotEmpty(spec.Validate(Parse("""{"title":"Not Found Error","detail":"d","type":"https://api.twitter.com/2/problems/resource-not-found","resource_type":"user"}"""), "#/components/schemas/Problem"));
        Assert.Empty(spec.Validate(Parse("""{"title":"Not Found Error","detail":"d","type":"https://api.x.com/2/problems/resource-not-found","resource_type":"user"}"""), "#/components/schemas/Problem"));
    }

    private static async Task GetVariantsAsync(Run run, string url)
    {
        var spec = run.Spec;
        var parameters = spec.Parameters(run.Operation).Where(p => p["in"]!.GetValue<string>() == "query").ToList();
        var required = parameters.Where(p => p["required"]?.GetValue<bool>() == true)
            .ToDictionary(p => p["name"]!.GetValue<string>(), p => RequiredValue(p["name"]!.GetValue<string>()), StringComparer.Ordinal);

        await run.CallAsync(HttpMethod.Get, With(url, required), HttpStatusCode.OK);

        var everything = new Dictionary<string, string>(required, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var name = parameter["name"]!.GetValue<string>();
            var values = XApiSpec.EnumValues(parameter);
            foreach (var value in values)
            {
                run.Values.Add($"{name}={value}");
                await run.CallAsync(HttpMethod.Get, With(url, required, (name, value)), HttpStatusCode.OK);
            }

            if (values.Count > 0)
            {
                everything[name] = string.Join(',', values);
            }

            var schema = parameter["schema"]!.AsObject();
            if (schema["type"]?.GetValue<string>() == "integer" && schema["minimum"] is { } min && schema["maximum"] is { } max)
            {
                foreach (var bound in new[] { min.GetValue<int>(), max.GetValue<int>() })
                {
                    run.Values.Add($"{name}={bound}");
                    await run.CallAsync(HttpMethod.Get, With(url, required, (name, bound.ToString(CultureInfo.InvariantCulture))), HttpStatusCode.OK);
                }

                foreach (var outside in new[] { min.GetValue<int>() - 1, max.GetValue<int>() + 1 })
                {
                    await run.CallAsync(HttpMethod.Get, With(url, required, (name, outside.ToString(CultureInfo.InvariantCulture))), HttpStatusCode.BadRequest);
                }
            }
        }

        // All names at once: the response carries every field the sandbox can write.
        await run.CallAsync(HttpMethod.Get, With(url, everything), HttpStatusCode.OK);

        if (parameters.Find(p => p["name"]!.GetValue<string>() == "pagination_token") is { } tokenParameter)
        {
            await PaginateAsync(run, url, required, everything, tokenParameter);
        }
    }

    /// <summary>Pages of one item: the tokens handed out must satisfy the spec's pagination_token schema and work.</summary>
    private static async Task PaginateAsync(Run run, string url, Dictionary<string, string> required, Dictionary<string, string> everything, JsonObject tokenParameter)
    {
        var query = new Dictionary<string, string>(everything, StringComparer.Ordinal) { ["max_results"] = "1" };
        var first = await run.CallAsync(HttpMethod.Get, With(url, query), HttpStatusCode.OK);
        if (!first.Body.TryGetProperty("meta", out var meta) || !meta.TryGetProperty("next_token", out var next))
        {
            run.Failures.Add($"{url}: a page of 1 from a list with more items has no meta.next_token");
            return;
        }

        run.Expect(run.Spec.ValidateParameter(tokenParameter, next.GetString()!), $"next_token {next.GetString()}");
        var second = await run.CallAsync(HttpMethod.Get, With(url, required, ("max_results", "1"), ("pagination_token", next.GetString()!)), HttpStatusCode.OK);
        if (second.Body.GetProperty("meta").TryGetProperty("previous_token", out var previous))
        {
            run.Expect(run.Spec.ValidateParameter(tokenParameter, previous.GetString()!), $"previous_token {previous.GetString()}");
            await run.CallAsync(HttpMethod.Get, With(url, required, ("max_results", "1"), ("pagination_token", previous.GetString()!)), HttpStatusCode.OK);
        }
        else
        {
            run.Failures.Add($"{url}: the second page has no meta.previous_token");
        }
    }

    private static async Task WriteVariantsAsync(Run run, string method, string url, string target)
    {
        var relation = url.Contains("/following", StringComparison.Ordinal) ? "following" : "muting";
        var create = run.Spec.Operation("POST", $"/2/users/{{id}}/{relation}");
        var remove = run.Spec.Operation("DELETE", $"/2/users/{{source_user_id}}/{relation}/{{target_user_id}}");
        var body = new JsonObject { ["target_user_id"] = target };
        run.Expect(run.Spec.Validate(JsonSerializer.SerializeToElement(body), XApiSpec.RequestSchema(create)!), "request body");
        var createUrl = $"/2/users/{Mira}/{relation}";
        var removeUrl = $"{createUrl}/{target}";
        if (method == "DELETE")
        {
            await run.CallOtherAsync(remove, HttpMethod.Delete, removeUrl, HttpStatusCode.OK); // not following / muting yet: still 200
        }

        await run.CallOtherAsync(create, HttpMethod.Post, createUrl, HttpStatusCode.OK, body);
        await run.CallOtherAsync(create, HttpMethod.Post, createUrl, HttpStatusCode.OK, body); // again: already following / muting
        await run.CallOtherAsync(remove, HttpMethod.Delete, removeUrl, HttpStatusCode.OK);
        await run.CallOtherAsync(remove, HttpMethod.Delete, removeUrl, HttpStatusCode.OK);
    }

    /// <summary>Error answers the sandbox gives for this operation, validated against the spec's "default" response.</summary>
    private static async Task ErrorsAsync(Run run, string method, string path, string url, Dictionary<string, string> pathValues)
    {
        var verb = new HttpMethod(method);
        var body = method == "POST" ? new JsonObject { ["target_user_id"] = pathValues["target_user_id"] } : null;
        await run.CallAsync(verb, url, HttpStatusCode.Unauthorized, body, bearer: null);
        await run.CallAsync(verb, url, HttpStatusCode.Unauthorized, body, bearer: "not-a-token");

        if (path == "/2/users")
        {
            await run.CallAsync(HttpMethod.Get, $"{url}?ids={Mira},1234", HttpStatusCode.OK); // partial errors
            await run.CallAsync(HttpMethod.Get, $"{url}?ids=abc", HttpStatusCode.BadRequest);
            return;
        }

        if (method == "GET")
        {
            await run.CallAsync(HttpMethod.Get, $"{url}?unknown_parameter=1", HttpStatusCode.BadRequest);
        }

        if (path.Contains("{id}/following", StringComparison.Ordinal) || path.Contains("{id}/muting", StringComparison.Ordinal))
        {
            await run.CallAsync(verb, url.Replace(Mira, "1234", StringComparison.Ordinal), method == "GET" ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, body);
        }

        if (path.Contains("{participant_id}", StringComparison.Ordinal))
        {
            await run.CallAsync(HttpMethod.Get, url.Replace(Theo, "1234", StringComparison.Ordinal), HttpStatusCode.NotFound);
        }

        if (method == "POST")
        {
            await run.CallAsync(verb, url, HttpStatusCode.NotFound, new JsonObject { ["target_user_id"] = "1234" });
            await run.CallAsync(verb, url, HttpStatusCode.BadRequest, new JsonObject { ["target_user_id"] = 5 });
        }
    }

    /// <summary>A token with exactly the spec's OAuth2 scopes works; one without any one of them gets 403.</summary>
    private static async Task ScopesAsync(Run run, string method, string url, string target)
    {
        var scopes = run.Operation["security"]!.AsArray()
            .Select(s => s!["OAuth2UserToken"]).First(s => s is not null)!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        var body = method == "POST" ? new JsonObject { ["target_user_id"] = target } : null;
        var query = url == "/2/users" ? "?ids=" + Mira : string.Empty;
        var exact = await run.Sandbox.AccessTokenAsync(Mira, string.Join(' ', scopes));
        await run.CallAsync(new HttpMethod(method), url + query, HttpStatusCode.OK, body, exact);
        foreach (var scope in scopes)
        {
            var without = await run.Sandbox.AccessTokenAsync(Mira, string.Join(' ', scopes.Where(s => s != scope)));
            await run.CallAsync(new HttpMethod(method), url + query, HttpStatusCode.Forbidden, body, without);
        }
    }

    private static async Task<TestSandbox> StartAsync() =>
        await TestSandbox.StartAsync(o =>
        {
            o.RateLimitsEnabled = false;
            o.ProblemTypeBase = "https://api.x.com/2/problems/";
        });

    /// <summary>A user Mira neither follows nor mutes: the target of the write operations.</summary>
    private static async Task<string> QuietUserAsync(TestSandbox sandbox)
    {
        var users = (await sandbox.Admin.UsersAsync()).Select(u => u.Id);
        var following = (await sandbox.Admin.FollowingAsync(Mira)).ToHashSet(StringComparer.Ordinal);
        return users.First(u => u != Mira && !following.Contains(u) && !DemoAccounts.All.Any(a => a.Id == u));
    }

    private static string RequiredValue(string name) => name switch
    {
        "ids" => $"{Mira},{Theo}",
        _ => throw new InvalidOperationException($"No value for the required parameter {name}."),
    };

    private static string Fill(string path, Dictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private static string With(string url, IReadOnlyDictionary<string, string> query, params (string Name, string Value)[] more)
    {
        var all = new Dictionary<string, string>(query, StringComparer.Ordinal);
        foreach (var (name, value) in more)
        {
            all[name] = value;
        }

        return all.Count == 0 ? url : url + "?" + string.Join('&', all.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>One operation's calls: sends, validates, counts.</summary>
    private sealed class Run(XApiSpec spec, JsonObject operation, TestSandbox sandbox, string token)
    {
        public XApiSpec Spec => spec;

        public JsonObject Operation => operation;

        public TestSandbox Sandbox => sandbox;

        public List<string> Failures { get; } = [];

        public HashSet<string> Values { get; } = new(StringComparer.Ordinal);

        public int Requests { get; private set; }

        public int Validated { get; private set; }

        public void Expect(IReadOnlyList<string> errors, string what)
        {
            Failures.AddRange(errors.Select(e => $"{what}: {e}"));
        }

        public Task<ApiResponse> CallAsync(HttpMethod method, string url, HttpStatusCode expected, JsonObject? body = null) =>
            CallAsync(method, url, expected, body, token);

        /// <summary>A call of another operation (the write pairs), validated against that operation's schemas.</summary>
        public Task<ApiResponse> CallOtherAsync(JsonObject other, HttpMethod method, string url, HttpStatusCode expected, JsonObject? body = null) =>
            CallAsync(method, url, expected, body, token, other);

        public async Task<ApiResponse> CallAsync(HttpMethod method, string url, HttpStatusCode expected, JsonObject? body, string? bearer, JsonObject? other = null)
        {
            Requests++;
            var response = await sandbox.SendAsync(method, url, bearer, body);
            var what = $"{method} {url} -> {(int)response.Status}";
            if (response.Status != expected)
            {
                Failures.Add($"{what}: expected {(int)expected}; body {response.Text}");
                return response;
            }

            var pointer = XApiSpec.ResponseSchema(other ?? operation, (int)response.Status, response.MediaType ?? string.Empty);
            if (pointer is null)
            {
                Failures.Add($"{what}: the spec declares no {response.MediaType} body for this status");
                return response;
            }

            Validated++;
            Expect(spec.Validate(response.Body, pointer), what);
            return response;
        }
    }
}
