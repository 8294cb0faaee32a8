using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class UnqueuedTemplateScoresIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DmScores_TemplateKey_TemplateSenderCount",
                table: "DmScores",
                columns: new[] { "TemplateKey", "TemplateSenderCount" },
                filter: "\"RescoreQueuedAt\" IS NULL AND \"TemplateKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DmScores_TemplateKey_TemplateSenderCount",
                table: "DmScores");
        }
    }
}
