namespace Skinsight.Catalog.Import;

/// <summary>Thrown while mapping one row to stop it and record <see cref="Exception.Message"/> as its skip reason.</summary>
internal sealed class RowSkipException(string reason) : Exception(reason);
