using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Skinsight.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneRunningExperiment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Two concurrent starts could leave two experiments running before this index existed. The newest keeps
            // running and the others are stopped, so the index can be built.
            migrationBuilder.Sql("""
                UPDATE experiments SET "Status" = 'Stopped', "StoppedAt" = now()
                WHERE "Status" = 'Running' AND "Id" <> (
                    SELECT "Id" FROM experiments WHERE "Status" = 'Running' ORDER BY "CreatedAt" DESC LIMIT 1)
                """);
            migrationBuilder.CreateIndex(
                name: "IX_experiments_one_running",
                table: "experiments",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Running'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_experiments_one_running",
                table: "experiments");
        }
    }
}
