using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Skinsight.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneConsentInForce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Two concurrent grants could leave two consents in force for one purpose before this index existed. The
            // newest stays in force and the others are marked withdrawn, so the index can be built.
            migrationBuilder.Sql("""
                UPDATE consents SET "WithdrawnAt" = now()
                WHERE "WithdrawnAt" IS NULL AND EXISTS (
                    SELECT 1 FROM consents AS newer
                    WHERE newer."PersonId" = consents."PersonId" AND newer."Purpose" = consents."Purpose"
                        AND newer."WithdrawnAt" IS NULL
                        AND (newer."GrantedAt" > consents."GrantedAt"
                            OR (newer."GrantedAt" = consents."GrantedAt" AND newer."Id" > consents."Id")))
                """);
            migrationBuilder.CreateIndex(
                name: "IX_consents_one_in_force",
                table: "consents",
                columns: new[] { "PersonId", "Purpose" },
                unique: true,
                filter: "\"WithdrawnAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_consents_one_in_force",
                table: "consents");
        }
    }
}
