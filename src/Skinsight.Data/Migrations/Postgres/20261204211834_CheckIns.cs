using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Skinsight.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CheckIns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "check_ins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    TakenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnalysisId = table.Column<Guid>(type: "uuid", nullable: true),
                    PhotoQuality = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_check_ins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_check_ins_analyses_AnalysisId",
                        column: x => x.AnalysisId,
                        principalTable: "analyses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_check_ins_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "check_in_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckInId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Routine = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    Used = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_check_in_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_check_in_steps_check_ins_CheckInId",
                        column: x => x.CheckInId,
                        principalTable: "check_ins",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_check_in_steps_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "check_in_values",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CheckInId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Noise = table.Column<double>(type: "double precision", nullable: true),
                    MeasuredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_check_in_values", x => x.Id);
                    table.ForeignKey(
                        name: "FK_check_in_values_check_ins_CheckInId",
                        column: x => x.CheckInId,
                        principalTable: "check_ins",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_check_in_steps_CheckInId",
                table: "check_in_steps",
                column: "CheckInId");

            migrationBuilder.CreateIndex(
                name: "IX_check_in_steps_PersonId_PlanId",
                table: "check_in_steps",
                columns: new[] { "PersonId", "PlanId" });

            migrationBuilder.CreateIndex(
                name: "IX_check_in_steps_PlanId",
                table: "check_in_steps",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_check_in_values_CheckInId",
                table: "check_in_values",
                column: "CheckInId");

            migrationBuilder.CreateIndex(
                name: "IX_check_in_values_PersonId_Kind_MeasuredAt",
                table: "check_in_values",
                columns: new[] { "PersonId", "Kind", "MeasuredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_check_ins_AnalysisId",
                table: "check_ins",
                column: "AnalysisId");

            migrationBuilder.CreateIndex(
                name: "IX_check_ins_PersonId_TakenAt",
                table: "check_ins",
                columns: new[] { "PersonId", "TakenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_in_steps");

            migrationBuilder.DropTable(
                name: "check_in_values");

            migrationBuilder.DropTable(
                name: "check_ins");
        }
    }
}
