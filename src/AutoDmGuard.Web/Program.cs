using AutoDmGuard.Web.Data;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorPages();
builder.AddData();

var app = builder.Build();
await app.MigrateDatabaseAsync();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
await app.RunAsync();
