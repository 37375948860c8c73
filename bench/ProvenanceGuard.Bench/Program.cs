if (args.Length > 0 && args[0] == "parquet") return ProvenanceGuard.Bench.Parquet.ParquetBench.Run(args[1..]);
System.Console.WriteLine();
return 0;
