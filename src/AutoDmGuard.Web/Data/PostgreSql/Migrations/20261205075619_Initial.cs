using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AutoDmGuard.Web.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Username = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    ProfileImageUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSignInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NeedsReauthorization = table.Column<bool>(type: "boolean", nullable: false),
                    ReauthorizationReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    FlagThreshold = table.Column<double>(type: "double precision", nullable: true),
                    PollIntervalSeconds = table.Column<int>(type: "integer", nullable: true),
                    SandboxWorldId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    SessionStamp = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AccountTokens",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    ProtectedAccessToken = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProtectedRefreshToken = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AccessTokenExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Scope = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountTokens", x => x.AccountId);
                    table.ForeignKey(
                        name: "FK_AccountTokens_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AllowlistEntries",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Username = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AllowlistEntries", x => new { x.AccountId, x.Username });
                    table.ForeignKey(
                        name: "FK_AllowlistEntries_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BulkUnfollowJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Filter = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Done = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkUnfollowJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BulkUnfollowJobs_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DmEvents",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    EventId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    EventType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true, collation: "C"),
                    SenderId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    ConversationId = table.Column<string>(type: "character varying(41)", maxLength: 41, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ParticipantIds = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    FromMe = table.Column<bool>(type: "boolean", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DmEvents", x => new { x.AccountId, x.EventId });
                    table.ForeignKey(
                        name: "FK_DmEvents_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Follows",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    FollowedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UnfollowedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Follows", x => new { x.AccountId, x.UserId });
                    table.ForeignKey(
                        name: "FK_Follows_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "KnownUsers",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    UserId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Username = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    ProfileImageUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Verified = table.Column<bool>(type: "boolean", nullable: false),
                    Protected = table.Column<bool>(type: "boolean", nullable: false),
                    FollowersCount = table.Column<int>(type: "integer", nullable: true),
                    FollowingCount = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnownUsers", x => new { x.AccountId, x.UserId });
                    table.ForeignKey(
                        name: "FK_KnownUsers_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PollStates",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    NewestDmEventId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    BackfillCompleted = table.Column<bool>(type: "boolean", nullable: false),
                    BackfillPaginationToken = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    BackfillEventsStored = table.Column<int>(type: "integer", nullable: false),
                    BackfillOldestAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DmReadResumeToken = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    DmReadResumeStopAtId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    DmReadResumePageSize = table.Column<int>(type: "integer", nullable: true),
                    LastPollAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSuccessAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextDmPollAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastFollowingSyncAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextFollowingSyncAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    RateLimitRemaining = table.Column<int>(type: "integer", nullable: true),
                    RateLimitResetAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    BillableReadsEstimate = table.Column<long>(type: "bigint", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PollStates", x => x.AccountId);
                    table.ForeignKey(
                        name: "FK_PollStates_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SenderVerdicts",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    SenderId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Flagged = table.Column<bool>(type: "boolean", nullable: false),
                    TopReasonsJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DmCount = table.Column<int>(type: "integer", nullable: false),
                    LatestDmAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LatestDmExcerpt = table.Column<string>(type: "character varying(280)", maxLength: 280, nullable: true, collation: "C"),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Mark = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SenderVerdicts", x => new { x.AccountId, x.SenderId });
                    table.ForeignKey(
                        name: "FK_SenderVerdicts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TemplateMembers",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    TemplateKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    SenderId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Dms = table.Column<int>(type: "integer", nullable: false)
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
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    TemplateKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Senders = table.Column<int>(type: "integer", nullable: false),
                    Dms = table.Column<int>(type: "integer", nullable: false)
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
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    WeekStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Dms = table.Column<int>(type: "integer", nullable: false),
                    FlaggedDms = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "SenderActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    TargetUserId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    BulkJobId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SenderActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SenderActions_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SenderActions_BulkUnfollowJobs_BulkJobId",
                        column: x => x.BulkJobId,
                        principalTable: "BulkUnfollowJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DmScores",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    EventId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Flagged = table.Column<bool>(type: "boolean", nullable: false),
                    ReasonsJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TemplateKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    TemplateSenderCount = table.Column<int>(type: "integer", nullable: false),
                    ScoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClassifierVersion = table.Column<int>(type: "integer", nullable: false),
                    RescoreQueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DmScores", x => new { x.AccountId, x.EventId });
                    table.ForeignKey(
                        name: "FK_DmScores_DmEvents_AccountId_EventId",
                        columns: x => new { x.AccountId, x.EventId },
                        principalTable: "DmEvents",
                        principalColumns: new[] { "AccountId", "EventId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BulkUnfollowJobs_AccountId_Status",
                table: "BulkUnfollowJobs",
                columns: new[] { "AccountId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DmEvents_AccountId_ConversationId_Sequence",
                table: "DmEvents",
                columns: new[] { "AccountId", "ConversationId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_DmEvents_AccountId_SenderId_Sequence",
                table: "DmEvents",
                columns: new[] { "AccountId", "SenderId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_DmEvents_AccountId_Sequence",
                table: "DmEvents",
                columns: new[] { "AccountId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_DmEvents_Text_Trigram",
                table: "DmEvents",
                column: "Text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_ClassifierVersion",
                table: "DmScores",
                columns: new[] { "AccountId", "ClassifierVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_RescoreQueuedAt",
                table: "DmScores",
                columns: new[] { "AccountId", "RescoreQueuedAt" },
                filter: "\"RescoreQueuedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DmScores_AccountId_TemplateKey_EventId",
                table: "DmScores",
                columns: new[] { "AccountId", "TemplateKey", "EventId" });

            migrationBuilder.CreateIndex(
                name: "IX_KnownUsers_AccountId_Username",
                table: "KnownUsers",
                columns: new[] { "AccountId", "Username" });

            migrationBuilder.CreateIndex(
                name: "IX_KnownUsers_Name_Trigram",
                table: "KnownUsers",
                column: "Name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_KnownUsers_Username_Trigram",
                table: "KnownUsers",
                column: "Username")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_PollStates_NextDmPollAt",
                table: "PollStates",
                column: "NextDmPollAt");

            migrationBuilder.CreateIndex(
                name: "IX_SenderActions_AccountId_TargetUserId_CreatedAt",
                table: "SenderActions",
                columns: new[] { "AccountId", "TargetUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SenderActions_BulkJobId_Status",
                table: "SenderActions",
                columns: new[] { "BulkJobId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SenderVerdicts_AccountId_Flagged_Status_Score",
                table: "SenderVerdicts",
                columns: new[] { "AccountId", "Flagged", "Status", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_SenderVerdicts_AccountId_Score",
                table: "SenderVerdicts",
                columns: new[] { "AccountId", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_SenderVerdicts_AccountId_Status_Score",
                table: "SenderVerdicts",
                columns: new[] { "AccountId", "Status", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_TemplateStats_AccountId_Senders_Dms",
                table: "TemplateStats",
                columns: new[] { "AccountId", "Senders", "Dms" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountTokens");

            migrationBuilder.DropTable(
                name: "AllowlistEntries");

            migrationBuilder.DropTable(
                name: "DmScores");

            migrationBuilder.DropTable(
                name: "Follows");

            migrationBuilder.DropTable(
                name: "KnownUsers");

            migrationBuilder.DropTable(
                name: "PollStates");

            migrationBuilder.DropTable(
                name: "SenderActions");

            migrationBuilder.DropTable(
                name: "SenderVerdicts");

            migrationBuilder.DropTable(
                name: "TemplateMembers");

            migrationBuilder.DropTable(
                name: "TemplateStats");

            migrationBuilder.DropTable(
                name: "WeeklyStats");

            migrationBuilder.DropTable(
                name: "DmEvents");

            migrationBuilder.DropTable(
                name: "BulkUnfollowJobs");

            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}
