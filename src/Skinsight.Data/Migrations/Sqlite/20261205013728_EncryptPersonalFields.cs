using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Skinsight.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EncryptPersonalFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_product_experiences_PersonId_ProductKey_Kind",
                table: "product_experiences");

            migrationBuilder.AddColumn<string>(
                name: "EntryDigest",
                table: "product_experiences",
                type: "TEXT",
                maxLength: 67,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Value",
                table: "check_in_values",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(double),
                oldType: "REAL");

            migrationBuilder.CreateIndex(
                name: "IX_product_experiences_PersonId_EntryDigest",
                table: "product_experiences",
                columns: new[] { "PersonId", "EntryDigest" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_product_experiences_PersonId_EntryDigest",
                table: "product_experiences");

            migrationBuilder.DropColumn(
                name: "EntryDigest",
                table: "product_experiences");

            migrationBuilder.AlterColumn<double>(
                name: "Value",
                table: "check_in_values",
                type: "REAL",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.CreateIndex(
                name: "IX_product_experiences_PersonId_ProductKey_Kind",
                table: "product_experiences",
                columns: new[] { "PersonId", "ProductKey", "Kind" },
                unique: true);
        }
    }
}
