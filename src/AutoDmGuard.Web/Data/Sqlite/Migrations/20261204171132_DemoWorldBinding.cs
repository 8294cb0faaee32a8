using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DemoWorldBinding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SandboxWorldId",
                table: "Accounts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SandboxWorldId",
                table: "Accounts");
        }
    }
}
