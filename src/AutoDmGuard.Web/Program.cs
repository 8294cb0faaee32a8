using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Polling;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppLogging();               // Serilog from configuration; secrets stay out of request logs
await builder.AddAutoDmGuardAsync();   // Hosting/AppComposition.cs: data, demo mode, X client, accounts, scoring, polling, senders, pages

var app = builder.Build();
app.UseAppRequestLogging();
app.UseSecurityDefaults();             // error page, HTTPS/HSTS outside development, security headers, allowed methods
app.UseAccounts();                     // authentication, authorization
await app.MigrateDatabaseAsync();
await app.CheckDemoWorldAsync();       // demo accounts must belong to the persisted demo world (or Sandbox:Reset starts over)
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapWorkerHealth();                 // GET /health/worker
await app.RunAsync();
