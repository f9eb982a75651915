using Skinsight.Bench.Catalog;

// Usage: skinsight-bench-catalog [--data DIR] [--products N] [--out DIR]
//   Builds a catalog of N products (default 8,500) from the real Sephora 2023, Sephora cosmetics and
//   LookFantastic rows. Then it times reading the catalog, importing it into a new SQLite store, and importing
//   it again.
return ImportBenchmark.Run(BenchOptions.Parse(args));
