using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutoDmGuard.Web.Data;

/// <summary>Stores UTC as it is and marks values read back as UTC.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
