using System;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DashboardAggregatesAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DmScores_AccountId_TemplateKey",
                table: "DmScores");

            migrationBuilder.CreateTable(
                name: "TemplateMembers",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SenderId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Dms = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateMembers", x => new { x.AccountId, x.TemplateKey, x.SenderId });
                    table.ForeignKey(
                        name: "FK_TemplateMembers_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TemplateStats",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Senders = table.Column<int>(type: "INTEGER", nullable: false),
                    Dms = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemplateStats", x => new { x.AccountId, x.TemplateKey });
                    table.ForeignKey(
                        name: "FK_TemplateStats_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeeklyStats",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    WeekStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Dms = table.Column<int>(type: "INTEGER", nullable: false),
                    FlaggedDms = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeeklyStats", x => new { x.AccountId, x.WeekStart });
                    table.ForeignKey(
                        name: "FK_WeeklyStats_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_TemplateKey_EventId",
                table: "DmScores",
                columns: new[] { "AccountId", "TemplateKey", "EventId" });

            migrationBuilder.CreateIndex(
                name: "IX_TemplateStats_AccountId_Senders_Dms",
                table: "TemplateStats",
                columns: new[] { "AccountId", "Senders", "Dms" });

            if (!migrationBuilder.IsSqlite())
            {
                return;
            }

            // The aggregates of the scores stored so far; from here on the scorer keeps them (Scoring/ScoreAggregates).
            migrationBuilder.Sql("""
                INSERT INTO TemplateMembers (AccountId, TemplateKey, SenderId, Dms)
                SELECT s.AccountId, s.TemplateKey, e.SenderId, COUNT(*)
                FROM DmScores AS s JOIN DmEvents AS e ON e.AccountId = s.AccountId AND e.EventId = s.EventId
                WHERE s.TemplateKey IS NOT NULL AND e.SenderId IS NOT NULL
                GROUP BY s.AccountId, s.TemplateKey, e.SenderId;

                INSERT INTO TemplateStats (AccountId, TemplateKey, Senders, Dms)
                SELECT AccountId, TemplateKey, COUNT(*), SUM(Dms) FROM TemplateMembers GROUP BY AccountId, TemplateKey;

                INSERT INTO WeeklyStats (AccountId, WeekStart, Dms, FlaggedDms)
                SELECT s.AccountId, date(e.CreatedAt, '-6 days', 'weekday 1') || ' 00:00:00', COUNT(*), SUM(s.Flagged)
                FROM DmScores AS s JOIN DmEvents AS e ON e.AccountId = s.AccountId AND e.EventId = s.EventId
                WHERE e.SenderId IS NOT NULL
                GROUP BY s.AccountId, date(e.CreatedAt, '-6 days', 'weekday 1');
                """);

            // Search: trigram FTS5 tables (substring matches, like LIKE '%term%') over DM texts and over handles and
            // names, each row a copy of its source row (the search re-checks candidates against the copy, no join) under the
            // source row's rowid, so the triggers find it by key; "Delete my data"
            // (deleting the account) cascades to DmEvents and KnownUsers, whose delete triggers remove the index rows.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE DmTextSearch USING fts5(Text, AccountId UNINDEXED, EventId UNINDEXED, SenderId UNINDEXED, tokenize = 'trigram case_sensitive 0');
                CREATE VIRTUAL TABLE UserSearch USING fts5(Username, Name, AccountId UNINDEXED, UserId UNINDEXED, tokenize = 'trigram case_sensitive 0');
                -- A delete removes the row's tokens from the index at once, not at a later merge: deleted texts leave no trace.
                INSERT INTO DmTextSearch (DmTextSearch, rank) VALUES ('secure-delete', 1);
                INSERT INTO UserSearch (UserSearch, rank) VALUES ('secure-delete', 1);

                CREATE TRIGGER DmEvents_Search_Insert AFTER INSERT ON DmEvents WHEN new.Text IS NOT NULL BEGIN
                    INSERT INTO DmTextSearch (rowid, Text, AccountId, EventId, SenderId) VALUES (new.rowid, new.Text, new.AccountId, new.EventId, new.SenderId);
                END;
                CREATE TRIGGER DmEvents_Search_Update AFTER UPDATE OF Text, AccountId, EventId, SenderId ON DmEvents BEGIN
                    DELETE FROM DmTextSearch WHERE rowid = old.rowid;
                    INSERT INTO DmTextSearch (rowid, Text, AccountId, EventId, SenderId) SELECT new.rowid, new.Text, new.AccountId, new.EventId, new.SenderId WHERE new.Text IS NOT NULL;
                END;
                CREATE TRIGGER DmEvents_Search_Delete AFTER DELETE ON DmEvents BEGIN
                    DELETE FROM DmTextSearch WHERE rowid = old.rowid;
                END;

                CREATE TRIGGER KnownUsers_Search_Insert AFTER INSERT ON KnownUsers BEGIN
                    INSERT INTO UserSearch (rowid, Username, Name, AccountId, UserId) VALUES (new.rowid, new.Username, new.Name, new.AccountId, new.UserId);
                END;
                CREATE TRIGGER KnownUsers_Search_Update AFTER UPDATE OF Username, Name, AccountId, UserId ON KnownUsers BEGIN
                    DELETE FROM UserSearch WHERE rowid = old.rowid;
                    INSERT INTO UserSearch (rowid, Username, Name, AccountId, UserId) VALUES (new.rowid, new.Username, new.Name, new.AccountId, new.UserId);
                END;
                CREATE TRIGGER KnownUsers_Search_Delete AFTER DELETE ON KnownUsers BEGIN
                    DELETE FROM UserSearch WHERE rowid = old.rowid;
                END;

                INSERT INTO DmTextSearch (rowid, Text, AccountId, EventId, SenderId) SELECT rowid, Text, AccountId, EventId, SenderId FROM DmEvents WHERE Text IS NOT NULL;
                INSERT INTO UserSearch (rowid, Username, Name, AccountId, UserId) SELECT rowid, Username, Name, AccountId, UserId FROM KnownUsers;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""
                    DROP TRIGGER DmEvents_Search_Insert;
                    DROP TRIGGER DmEvents_Search_Update;
                    DROP TRIGGER DmEvents_Search_Delete;
                    DROP TRIGGER KnownUsers_Search_Insert;
                    DROP TRIGGER KnownUsers_Search_Update;
                    DROP TRIGGER KnownUsers_Search_Delete;
                    DROP TABLE DmTextSearch;
                    DROP TABLE UserSearch;
                    """);
            }

            migrationBuilder.DropTable(
                name: "TemplateMembers");

            migrationBuilder.DropTable(
                name: "TemplateStats");

            migrationBuilder.DropTable(
                name: "WeeklyStats");

            migrationBuilder.DropIndex(
                name: "IX_DmScores_AccountId_TemplateKey_EventId",
                table: "DmScores");

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_TemplateKey",
                table: "DmScores",
                columns: new[] { "AccountId", "TemplateKey" });
        }
    }
}
