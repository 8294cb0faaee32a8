using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDmGuard.Web.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ProfileImageUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSignInAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NeedsReauthorization = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReauthorizationReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FlagThreshold = table.Column<double>(type: "REAL", nullable: true),
                    PollIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AccountTokens",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", nullable: true),
                    AccessTokenExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Filter = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    SenderId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 41, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ParticipantIds = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FromMe = table.Column<bool>(type: "INTEGER", nullable: false),
                    StoredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FollowedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UnfollowedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ProfileImageUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    Protected = table.Column<bool>(type: "INTEGER", nullable: false),
                    FollowersCount = table.Column<int>(type: "INTEGER", nullable: true),
                    FollowingCount = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NewestDmEventId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    BackfillCompleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    BackfillPaginationToken = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BackfillEventsStored = table.Column<int>(type: "INTEGER", nullable: false),
                    BackfillOldestAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastPollAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSuccessAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextDmPollAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFollowingSyncAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextFollowingSyncAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    RateLimitRemaining = table.Column<int>(type: "INTEGER", nullable: true),
                    RateLimitResetAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    BillableReadsEstimate = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SenderId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Flagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    TopReasonsJson = table.Column<string>(type: "TEXT", nullable: false),
                    DmCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LatestDmAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LatestDmExcerpt = table.Column<string>(type: "TEXT", maxLength: 280, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Mark = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "SenderActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    TargetUserId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    BulkJobId = table.Column<long>(type: "INTEGER", nullable: true)
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
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Flagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReasonsJson = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TemplateSenderCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClassifierVersion = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "IX_DmScores_AccountId_TemplateKey",
                table: "DmScores",
                columns: new[] { "AccountId", "TemplateKey" });

            migrationBuilder.CreateIndex(
                name: "IX_KnownUsers_AccountId_Username",
                table: "KnownUsers",
                columns: new[] { "AccountId", "Username" });

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
                name: "IX_SenderVerdicts_AccountId_Status_Score",
                table: "SenderVerdicts",
                columns: new[] { "AccountId", "Status", "Score" });
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
                name: "DmEvents");

            migrationBuilder.DropTable(
                name: "BulkUnfollowJobs");

            migrationBuilder.DropTable(
                name: "Accounts");
        }
    }
}
