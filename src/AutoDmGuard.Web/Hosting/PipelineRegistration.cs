namespace AutoDmGuard.Web.Hosting;

public static class PipelineRegistration
{
    /// <summary>
    /// The pipeline's defaults ahead of any feature: outside development the error page, HSTS and HTTPS redirection;
    /// always the security headers and the allowed methods.
    /// </summary>
    public static WebApplication UseSecurityDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders();
        app.UseAllowedMethods();
        return app;
    }
}
