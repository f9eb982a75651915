using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Skinsight.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CheckInValueMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "check_in_values",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            // Photo values stored before this column take the mode of their check-in's analysis, which has
            // always recorded it in clear. A value whose check-in lost its analysis keeps no mode.
            migrationBuilder.Sql("""
                UPDATE check_in_values SET "Mode" = (
                    SELECT analyses."Mode" FROM check_ins
                    JOIN analyses ON analyses."Id" = check_ins."AnalysisId"
                    WHERE check_ins."Id" = check_in_values."CheckInId"
                        AND analyses."Mode" IN ('Face', 'Closeup'))
                WHERE "Source" = 'Photo' AND "Mode" IS NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Mode",
                table: "check_in_values");
        }
    }
}
