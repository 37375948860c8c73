if (args.Length > 0 && args[0] == "simulation")
    return ProvenanceGuard.Bench.Simulation.SimulationBench.Run(args[1..]);
System.Console.WriteLine();
return 0;
