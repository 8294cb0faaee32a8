using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.PostgreSql.Migrations
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "BulkUnfollowJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "BulkUnfollowJobs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                collation: "C");
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
