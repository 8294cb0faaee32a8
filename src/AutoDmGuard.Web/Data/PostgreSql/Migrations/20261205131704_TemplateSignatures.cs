using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AutoDmGuard.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TemplateSignatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TemplateSignatures",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    EventId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    SenderId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Data = table.Column<byte[]>(type: "bytea", maxLength: 1280, nullable: false),
                    BandKeys = table.Column<byte[]>(type: "bytea", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateSignatures", x => x.Sequence);
                    table.ForeignKey(
                        name: "FK_TemplateSignatures_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TemplateSignatures_AccountId_EventId",
                table: "TemplateSignatures",
                columns: new[] { "AccountId", "EventId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TemplateSignatures");
        }
    }
}
