using ProvenanceGuard.Ingestion;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// Checks a bound pipeline after every override was applied (the schema sees only the file; an environment
/// variable or flag can still set a value out of range). Messages name the configuration key.
/// </summary>
public static class PipelineRules
{
    public static readonly string[] TagSteps = ["normalize", "detect"];
    public static readonly string[] DecideSteps = ["dedup", "quota"];

    public static void Check(PipelineDefinition d, string origin)
    {
        var problems = new List<string>();
        void Require(bool ok, string key, string message)
        {
            if (!ok) problems.Add($"{key}: {message}");
        }

        Require(d.Sources.Count > 0, "sources", "at least one source is required (or pass --input)");
        for (var i = 0; i < d.Sources.Count; i++)
        {
            var s = d.Sources[i];
            Require(!string.IsNullOrWhiteSpace(s.Path), $"sources:{i}:path", "must not be empty");
            Require(!string.IsNullOrWhiteSpace(s.TextField), $"sources:{i}:textField", "must not be empty");
            if (s.Format is not null)
            {
                try { InputFormats.Parse(s.Format, $"sources:{i}:format"); }
                catch (ConfigurationException e) { problems.Add(e.Message); }
            }
        }
        var seenDecide = false;
        for (var i = 0; i < d.Steps.Count; i++)
        {
            var type = d.Steps[i].Type;
            var isTag = TagSteps.Contains(type);
            Require(isTag || DecideSteps.Contains(type), $"steps:{i}:type", $"unknown step '{type}' (known: {string.Join(", ", TagSteps.Concat(DecideSteps))})");
            Require(!(isTag && seenDecide), $"steps:{i}:type", $"'{type}' tags records and must come before the deciding steps (dedup, quota)");
            seenDecide |= DecideSteps.Contains(type);
            if (type == "dedup")
            {
                Require(d.Steps[i].Method is null or "exact" or "minhash", $"steps:{i}:method", $"unknown dedup method '{d.Steps[i].Method}' (exact, minhash)");
                if (d.Steps[i].MinHash is { } m)
                {
                    Require(d.Steps[i].Method == "minhash", $"steps:{i}:minhash", "applies only to method 'minhash'");
                    Require(m.Bands is >= 1 and <= 512, $"steps:{i}:minhash:bands", $"must be in [1, 512], got {m.Bands}");
                    Require(m.Rows is >= 1 and <= 64, $"steps:{i}:minhash:rows", $"must be in [1, 64], got {m.Rows}");
                    Require(m.Threshold is > 0 and <= 1, $"steps:{i}:minhash:threshold", $"must be in (0, 1], got {m.Threshold}");
                    Require(m.ShingleWords is >= 1 and <= 64, $"steps:{i}:minhash:shingleWords", $"must be in [1, 64], got {m.ShingleWords}");
                }
            }
        }
        Require(d.Steps.Count(s => s.Type == "quota") <= 1 && d.Steps.Count(s => s.Type == "detect") <= 1 && d.Steps.Count(s => s.Type == "dedup") <= 1,
            "steps", "detect, dedup and quota may appear once each (dedup 'minhash' also removes exact duplicates)");
        Require(!d.Steps.Any(s => s.Type == "quota") || d.Steps.Any(s => s.Type == "detect"), "steps", "a quota needs a detect step to score records");
        Require(d.Policy.MaxSyntheticShare is >= 0 and < 1, "policy:maxSyntheticShare", $"must be in [0, 1), got {d.Policy.MaxSyntheticShare}");
        Require(d.Policy.SyntheticThreshold is > 0 and <= 1, "policy:syntheticThreshold", $"must be in (0, 1], got {d.Policy.SyntheticThreshold}");
        Require(d.Policy.RejectAbove is null or (> 0 and <= 1), "policy:rejectAbove", $"must be in (0, 1], got {d.Policy.RejectAbove}");
        Require(d.Policy.MinTextChars >= 0, "policy:minTextChars", "must be >= 0");
        Require(d.Policy.MaxSyntheticSharePerStratum is null or (>= 0 and < 1), "policy:maxSyntheticSharePerStratum", $"must be in [0, 1), got {d.Policy.MaxSyntheticSharePerStratum}");
        Require(d.Policy.MaxShareOutsideDetectorLengths is null or (>= 0 and <= 1), "policy:maxShareOutsideDetectorLengths", $"must be in [0, 1], got {d.Policy.MaxShareOutsideDetectorLengths}");
        Require(d.Policy.MaxSyntheticSharePerStratum is null || !string.IsNullOrWhiteSpace(d.Policy.StratumField), "policy:maxSyntheticSharePerStratum", "needs policy:stratumField");
        Require(d.Policy.StratumFloor is null or > 0, "policy:stratumFloor", "must be > 0");
        Require(d.Policy.StratumFloor is null || !string.IsNullOrWhiteSpace(d.Policy.StratumField), "policy:stratumFloor", "needs policy:stratumField");
        Require(d.Policy.AccumulateFrom is null || File.Exists(Path.Combine(d.Policy.AccumulateFrom, "manifest.json")), "policy:accumulateFrom",
            $"{d.Policy.AccumulateFrom} is not a complete release (no manifest.json)");
        Require(d.Policy.SourceCaps is null || d.Policy.SourceCaps.Values.All(v => v >= 0), "policy:sourceCaps", "caps must be >= 0");
        Require(d.Policy.MinHumanRecords is null or >= 0, "policy:minHumanRecords", "must be >= 0");
        Require(d.Policy.ShareBound is null or "point" or "upper", "policy:shareBound", $"must be 'point' or 'upper', got '{d.Policy.ShareBound}'");
        Require(d.Policy.Confidence is null or (> 0.5 and < 1), "policy:confidence", $"must be in (0.5, 1), got {d.Policy.Confidence}");
        if (d.Fusion is { } fusion)
        {
            try { fusion.ToOptions(); }
            catch (ConfigurationException e) { problems.Add(e.Message.StartsWith("fusion", StringComparison.Ordinal) ? e.Message : "fusion: " + e.Message); }
        }
        Require(d.Policy.QuotaBasis is null or "flagged" or "upperBound" or "mixtureUpperBound", "policy:quotaBasis",
            $"must be 'flagged', 'upperBound' or 'mixtureUpperBound', got '{d.Policy.QuotaBasis}'");
        Require(!d.Policy.QuotaOnMixtureBound || !string.IsNullOrWhiteSpace(d.Policy.CalibrationModel), "policy:calibrationModel",
            "quotaBasis 'mixtureUpperBound' needs the model card whose out-of-fold LLR histograms calibrate the mixture (e.g. models/detector-default.json)");
        Require(d.Policy.CalibrationModel is null || d.Policy.QuotaOnMixtureBound, "policy:calibrationModel", "applies only to quotaBasis 'mixtureUpperBound'");
        Require(d.Policy.StratumFloor is null || !d.Policy.QuotaOnMixtureBound, "policy:stratumFloor", Curation.MixtureQuota.NoStratumFloor);
        Require(!d.Policy.QuotaOnUpperBound || d.Policy.DetectorRates is not null, "policy:detectorRates", "quotaBasis 'upperBound' needs the detector's measured tpr and fpr at syntheticThreshold");
        if (d.Policy.DetectorRates is { } rates)
        {
            try { rates.ToErrorRates().Validated(); }
            catch (ConfigurationException e) { problems.Add("policy:detectorRates: " + e.Message); }
        }
        Require(d.Output.ShardRows > 0, "output:shardRows", $"must be > 0, got {d.Output.ShardRows}");
        Require(d.Output.ShardFormat is "jsonl.gz" or "parquet", "output:shardFormat", $"unknown shard format '{d.Output.ShardFormat}' (jsonl.gz, parquet)");
        Require(d.Limits.MaxRecordBytes > 0, "limits:maxRecordBytes", "must be > 0");
        Require(d.Limits.MaxDecompressionRatio > 1, "limits:maxDecompressionRatio", "must be > 1");
        Require(d.Executor.BatchRecords > 0, "executor:batchRecords", "must be > 0");
        Require(d.Executor.Workers >= 0, "executor:workers", "must be >= 0 (0 = one per core)");
        Require(d.Executor.InFlightBatches > 0, "executor:inFlightBatches", "must be > 0");
        Require(d.Http.AttemptTimeoutMilliseconds >= 10, "http:attemptTimeoutMilliseconds", "must be >= 10");
        Require(d.Http.MaxRetries is >= 0 and <= 100, "http:maxRetries", $"must be in [0, 100], got {d.Http.MaxRetries}");
        Require(d.Http.BaseDelayMilliseconds > 0 && d.Http.MaxDelayMilliseconds >= d.Http.BaseDelayMilliseconds, "http:baseDelayMilliseconds",
            "must be > 0 and <= http:maxDelayMilliseconds");
        Require(d.Http.BreakerFailureRatio is > 0 and <= 1, "http:breakerFailureRatio", $"must be in (0, 1], got {d.Http.BreakerFailureRatio}");
        Require(d.Http.BreakerMinimumThroughput >= 2, "http:breakerMinimumThroughput", "must be >= 2");
        Require(d.Http.BreakMilliseconds >= 500, "http:breakMilliseconds", "must be >= 500");
        Require(d.Executor.SplitBytes >= 1024, "executor:splitBytes", "must be >= 1024");
        Require(d.Executor.ExactDedupEntriesInMemory >= 1, "executor:exactDedupEntriesInMemory", "must be >= 1");
        if (problems.Count > 0)
            throw new ConfigurationException($"{origin}: invalid configuration:\n" + string.Join("\n", problems.Select(p => "  " + p)));
    }
}
