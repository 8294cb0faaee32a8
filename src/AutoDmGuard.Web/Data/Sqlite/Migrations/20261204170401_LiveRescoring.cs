using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LiveRescoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RescoreQueuedAt",
                table: "DmScores",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_ClassifierVersion",
                table: "DmScores",
                columns: new[] { "AccountId", "ClassifierVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_RescoreQueuedAt",
                table: "DmScores",
                columns: new[] { "AccountId", "RescoreQueuedAt" },
                filter: "\"RescoreQueuedAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DmScores_AccountId_ClassifierVersion",
                table: "DmScores");

            migrationBuilder.DropIndex(
                name: "IX_DmScores_AccountId_RescoreQueuedAt",
                table: "DmScores");

            migrationBuilder.DropColumn(
                name: "RescoreQueuedAt",
                table: "DmScores");
        }
    }
}
