namespace AutoDmGuard.Web.Accounts;

/// <summary>Claim types the sign-in puts in the auth cookie besides <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/> (the X user id).</summary>
public static class XClaimTypes
{
    public const string Username = "urn:x:username";
    public const string Name = "urn:x:name";
    public const string ProfileImageUrl = "urn:x:profile_image_url";

    /// <summary>The account's session stamp at sign-in (see <see cref="Data.Account.SessionStamp"/>); not an X claim.</summary>
    public const string SessionStamp = "urn:autodmguard:session_stamp";
}
