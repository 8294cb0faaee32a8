using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AutoDmGuard.Web.Data;

/// <summary>Table and column names of an entity as the EF model maps them, for the few hand-written statements.</summary>
internal sealed class SqlNames(IEntityType entity)
{
    public string Table { get; } = entity.GetTableName() ?? throw new InvalidOperationException($"{entity.Name} is not mapped to a table.");

    public static SqlNames For<T>(DbContext db) =>
        new(db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model."));

    public string Column(string property) =>
        entity.FindProperty(property)?.GetColumnName() ?? throw new InvalidOperationException($"{entity.Name}.{property} is not mapped.");
}
