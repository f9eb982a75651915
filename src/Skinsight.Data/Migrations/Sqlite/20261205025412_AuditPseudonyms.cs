using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Skinsight.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditPseudonyms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActorPseudonym",
                table: "audit_log",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubjectPseudonym",
                table: "audit_log",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ActorPseudonym",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "SubjectPseudonym",
                table: "audit_log");
        }
    }
}
