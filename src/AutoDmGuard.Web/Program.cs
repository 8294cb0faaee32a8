using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Polling;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppLogging();               // Serilog from configuration; secrets stay out of request logs
await builder.AddAutoDmGuardAsync();   // Hosting/AppComposition.cs: clock, pages, data, demo mode, X client, accounts, polling, dashboard

var app = builder.Build();
app.UseAppRequestLogging();
app.UseAccounts();                     // HTTPS/HSTS outside development, security headers, authentication
await app.MigrateDatabaseAsync();
await app.CheckDemoWorldAsync();       // demo accounts must belong to the persisted demo world (or Sandbox:Reset starts over)
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapWorkerHealth();                 // GET /health/worker
await app.RunAsync();
