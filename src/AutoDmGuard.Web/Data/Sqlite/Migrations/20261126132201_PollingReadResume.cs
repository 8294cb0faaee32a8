using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PollingReadResume : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DmReadResumePageSize",
                table: "PollStates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DmReadResumeStopAtId",
                table: "PollStates",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DmReadResumeToken",
                table: "PollStates",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DmReadResumePageSize",
                table: "PollStates");

            migrationBuilder.DropColumn(
                name: "DmReadResumeStopAtId",
                table: "PollStates");

            migrationBuilder.DropColumn(
                name: "DmReadResumeToken",
                table: "PollStates");
        }
    }
}
