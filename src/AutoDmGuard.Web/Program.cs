using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Operations;
using AutoDmGuard.Web.Polling;

var builder = WebApplication.CreateBuilder(AppHostArgs.With(args));   // configuration read at start, not watched
builder.AddAppLogging();               // Serilog from configuration; secrets stay out of request logs
builder.AddOperations();               // --Role=web|worker, health probes, metrics (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set)
await builder.AddAutoDmGuardAsync();   // Hosting/AppComposition.cs: data, demo mode, X client, accounts, scoring, polling, senders, pages

var app = builder.Build();
app.UseAppRequestLogging();
app.UseSecurityDefaults();             // error page, HTTPS/HSTS outside development, security headers, allowed methods
app.UseAccounts();                     // authentication, authorization
await app.MigrateDatabaseAsync();
await app.ImportKeyFilesAsync();       // Data Protection key files of an older version into the database's key ring, once
await app.LoadKeyRingAsync();          // the key ring read (its first key made, one between instances) at start
await app.CheckDemoWorldAsync();       // demo accounts must belong to the persisted demo world (or Sandbox:Reset starts over)
app.MapAppPages();                     // Razor pages and static assets, unless --Role=worker
app.MapWorkerHealth();                 // GET /health/worker
app.MapHealthProbes();                 // GET /health/live, /health/ready
await app.RunAsync();
