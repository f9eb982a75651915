using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Skinsight.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExperimentVariant",
                table: "plans",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "experiments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hypothesis = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ArmsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Better = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PlannedPerArm = table.Column<int>(type: "INTEGER", nullable: false),
                    Looks = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "experiment_exposures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExperimentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Variant = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExposedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
