using Serilog;
using Serilog.Events;

namespace AutoDmGuard.Web.Hosting;

public static class LoggingRegistration
{
    /// <summary>
    /// Serilog from configuration plus any ILogEventSink in DI (tests capture logs that way). No static bootstrap logger:
    /// it would break once tests start a second host. The code-level overrides keep URLs with ?code=&amp;state= (ASP.NET
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
            .Enrich.FromLogContext());
        return builder;
    }

    /// <summary>One line per request with the path only: the query string of /signin-x carries the code and the state.</summary>
    public static WebApplication UseAppRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSerilogRequestLogging(o => o.IncludeQueryInRequestPath = false);
        return app;
    }
}
