using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Skinsight.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Experiments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ExperimentId",
                table: "plans",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExperimentVariant",
                table: "plans",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "experiments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hypothesis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ArmsJson = table.Column<string>(type: "text", nullable: false),
                    Measure = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Better = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    PlannedPerArm = table.Column<int>(type: "integer", nullable: false),
                    Looks = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "experiment_exposures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExperimentId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    Variant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ExposedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiment_exposures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_experiment_exposures_experiments_ExperimentId",
                        column: x => x.ExperimentId,
                        principalTable: "experiments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_experiment_exposures_people_PersonId",
                        column: x => x.PersonId,
                        principalTable: "people",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plans_ExperimentId",
                table: "plans",
                column: "ExperimentId");

            migrationBuilder.CreateIndex(
                name: "IX_experiment_exposures_ExperimentId_PersonId",
                table: "experiment_exposures",
                columns: new[] { "ExperimentId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experiment_exposures_PersonId",
                table: "experiment_exposures",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_experiments_Name",
                table: "experiments",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_plans_experiments_ExperimentId",
                table: "plans",
                column: "ExperimentId",
                principalTable: "experiments",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_plans_experiments_ExperimentId",
                table: "plans");

            migrationBuilder.DropTable(
                name: "experiment_exposures");

            migrationBuilder.DropTable(
                name: "experiments");

            migrationBuilder.DropIndex(
                name: "IX_plans_ExperimentId",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "ExperimentId",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "ExperimentVariant",
                table: "plans");
        }
    }
}
