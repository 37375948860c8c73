if (args.Length > 0 && args[0] == "detection") return ProvenanceGuard.Bench.Detection.DetectionBench.Run(args[1..]);
System.Console.WriteLine();
return 0;
