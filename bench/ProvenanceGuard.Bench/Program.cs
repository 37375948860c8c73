using ProvenanceGuard.Bench.Curation;
using ProvenanceGuard.Bench.Detection;
using ProvenanceGuard.Bench.Lineage;
using ProvenanceGuard.Bench.Parquet;
using ProvenanceGuard.Bench.Pipeline;
using ProvenanceGuard.Bench.Prevalence;
using ProvenanceGuard.Bench.Simulation;
using ProvenanceGuard.Bench.Watermark;

// Macro benches by name; each prints a Markdown table of medians. BenchmarkDotNet micro benches can join here.
var benches = new Dictionary<string, Func<string[], int>>
{
    ["pipeline"] = PipelineBench.Run,
    ["simulation"] = SimulationBench.Run,
    ["lineage"] = LineageBench.Run,
    ["lineage-postgres"] = PostgresBench.Run,
    ["parquet"] = ParquetBench.Run,
    ["neardup"] = NearDuplicateBench.Run,
    ["detection"] = DetectionBench.Run,
    ["detection-ab"] = BuildComparisonBench.Run,
    ["baseline-scan"] = BaselineScanBench.Run,
    ["watermark"] = WatermarkBench.Run,
    ["prevalence"] = PrevalenceBench.Run,
    ["scale-out"] = ProvenanceGuard.Bench.ScaleOut.ScaleOutBench.Run,
};

if (args.Length == 0 || !benches.TryGetValue(args[0], out var bench))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/ProvenanceGuard.Bench -- <{string.Join("|", benches.Keys)}> [options]");
    return 2;
}
return bench(args[1..]);
