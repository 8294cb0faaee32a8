using AutoDmGuard.Web.Accounts;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Demo;
using AutoDmGuard.Web.Hosting;
using AutoDmGuard.Web.Pages;
using AutoDmGuard.Web.Polling;
using AutoDmGuard.Web.Scoring;
using AutoDmGuard.Web.Senders;
using AutoDmGuard.XApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddAppLogging();               // Serilog from configuration; secrets stay out of request logs
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRazorPages(o => o.Conventions.AddAccountPages());
builder.AddData();                     // SQLite + migrations
await builder.AddDemoModeAsync();      // no X:ClientId: start the built-in X sandbox and point X:* at it
builder.AddXApi();                     // X API client, OAuth client, resilience
builder.AddAccounts();                 // cookie + sign-in with X, encrypted tokens, refresh
builder.AddScoring();                  // classifier state, scorer and its queues, score aggregates
builder.AddPolling();                  // DM / following polling worker and its options
builder.AddSenders();                  // senders list and sender queries, actions, bulk-unfollow executor
builder.AddDashboardPages();           // insights and export queries, "/" as the senders list when signed in

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
