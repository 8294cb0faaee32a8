namespace AutoDmGuard.Web.Data;

public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Folder for the SQLite file, the key-encryption certificate (keys/) and the instance id; relative paths are under the content root.</summary>
    public string Directory { get; set; } = "App_Data";

    /// <summary>Overrides the default SQLite file in <see cref="Directory"/> (ConnectionStrings:AutoDmGuard wins over both).</summary>
    public string? ConnectionString { get; set; }
}
