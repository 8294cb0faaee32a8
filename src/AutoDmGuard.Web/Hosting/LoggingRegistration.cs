using Serilog;
using Serilog.Events;

namespace AutoDmGuard.Web.Hosting;

public static class LoggingRegistration
{
    /// <summary>
    /// Serilog from configuration plus any ILogEventSink in DI (tests capture logs that way). No static logger at all
    /// (preserveStaticLogger): each host keeps its own pipeline, so two hosts in one process (tests) never share log events. The code-level overrides keep URLs with ?code=&amp;state= (ASP.NET
    /// Core's request-starting lines) and outgoing requests (HttpClient) out of the log unless configuration asks.
    /// </summary>
    public static WebApplicationBuilder AddAppLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, log) => log
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext(),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>One line per request with the path only: the query string of /signin-x carries the code and the state.</summary>
    public static WebApplication UseAppRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(o =>
        {
            // The host's own logger: without it the middleware writes to the static Log.Logger.
            o.Logger = logger;
            o.IncludeQueryInRequestPath = false;
        });
        return app;
    }
}
