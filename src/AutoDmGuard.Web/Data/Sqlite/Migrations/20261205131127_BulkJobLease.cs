using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BulkJobLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "SenderActions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "BulkUnfollowJobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "BulkUnfollowJobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "SenderActions");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "BulkUnfollowJobs");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "BulkUnfollowJobs");
        }
    }
}
