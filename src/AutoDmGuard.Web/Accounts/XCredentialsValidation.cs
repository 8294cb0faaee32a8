using AutoDmGuard.XApi;
using Microsoft.Extensions.Options;

namespace AutoDmGuard.Web.Accounts;

/// <summary>The web app is a confidential X client: without a client id and secret it must not start (demo mode sets both).</summary>
internal sealed class XCredentialsValidation : IValidateOptions<XApiOptions>
{
    public ValidateOptionsResult Validate(string? name, XApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ClientId) || string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            return ValidateOptionsResult.Fail(
                "X:ClientId and X:ClientSecret are both required to sign in with X. Set them with "
                + "`dotnet user-secrets set X:ClientId ...` (see docs/real-x.md), or leave X:ClientId unset and "
                + "Sandbox:Enabled true to run in demo mode against the built-in sandbox.");
        }

        return ValidateOptionsResult.Success;
    }
}
