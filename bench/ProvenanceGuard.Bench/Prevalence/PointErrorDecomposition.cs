using System.Globalization;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Provenance.Prevalence;

namespace ProvenanceGuard.Bench.Prevalence;

/// <summary>
/// Where the score mixture's point error at n = 5,000 comes from, on the same out-of-fold LLRs, group splits and mixtures as
/// <see cref="TrainedDetectorPrevalenceBench"/> (same seeds, so its row "calibration half" is that bench's mixture row).
/// Each row changes one thing about where the class densities or the mixture's texts come from:
/// <list type="bullet">
/// <item>in-sample: densities from the estimation half's own texts, the ones the mixture is drawn from. What is left is
/// the estimator (smoothing, the fit) and the multinomial noise of 5,000 draws.</item>
/// <item>oracle: densities from every dev text (both halves). Adds the mixture's own finite human sample (~480 texts,
/// each re-used ~10 times), which differs from the population.</item>
/// <item>calibration half: the protocol of the tables (densities from the other half). Adds the calibration sample.</item>
/// <item>calibration half, disjoint texts: the mixture drawn without replacement, so no text is re-used; n is then as
/// large as the half's human texts allow (printed).</item>
/// </list>
/// Then the calibration-half protocol on a quarter and a half of the prompt groups, for how the error scales with the
/// number of distinct human texts. Only point estimates are computed (no bootstrap), so it takes seconds.
/// </summary>
internal static class PointErrorDecomposition
{
    private static readonly double[] Shares = [0.01, 0.05, 0.20, 0.50];
    private const double BandwidthScale = 0.75;

    private sealed record Row(string Name, List<double> Errors, List<int> N, List<int> Humans);

    public static void Run(string data, int draws, int n)
    {
        var detector = DetectorModel.Load(ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model"));
        var texts = TrainedDetectorPrevalenceBench.OutOfFold(data, detector);
        var bins = LlrBins.Default;
        var groups = texts.GroupBy(t => t.Group, StringComparer.Ordinal).Select(g => g.ToArray()).OrderBy(g => g[0].Group, StringComparer.Ordinal).ToArray();
        var (populationMachine, populationHuman) = Counts(texts, bins);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"point-error decomposition, {detector.Name}@{detector.Version}: out-of-fold LLRs of {texts.Count} dev texts ({texts.Count(t => !t.Machine)} human) in {groups.Length} prompt groups; " +
            $"{draws} draws per share; mixtures of {n:N0} unless stated; densities smoothed at {BandwidthScale} x Silverman"));

        var scaling = new List<(double Share, double Fraction, double Humans, double Rmse, double Within, double InSampleBias, double InSampleWithin)>();
        var parts = new Dictionary<double, (double Bias, double EstimatorVariance, double SamplingVariance, double Humans)>();
        foreach (var share in Shares)
        {
            string[] names = ["in-sample densities (estimator + n only)", "oracle densities: all dev texts (+ the mixture's own human sample)",
                "calibration half (the protocol of the tables)", "calibration half, disjoint texts (no re-use; n below)"];
            var rows = names.Select(name => new Row(name, [], [], [])).ToArray();
            // Same stream, same consumption as TrainedDetectorPrevalenceBench.Measure: the same splits and the same mixtures.
            var world = new Random(300 + (int)(share * 1000));
            for (var d = 0; d < draws; d++)
            {
                var (calibration, estimation, machinePool, humanPool) = Halves(groups.OrderBy(_ => world.Next()).ToArray());
                var synthetic = (int)Math.Round(share * n);
                var mixture = new double[bins.Total];
                for (var i = 0; i < n; i++)
                {
                    var text = i < synthetic ? machinePool[world.Next(machinePool.Length)] : humanPool[world.Next(humanPool.Length)];
                    mixture[bins.Index(text.Llr)]++;
                }
                var truth = (double)synthetic / n;
                var (inMachine, inHuman) = Counts(estimation, bins);
                var (calMachine, calHuman) = Counts(calibration, bins);
                void Add(Row row, double estimate, int size) { row.Errors.Add(estimate - truth); row.N.Add(size); row.Humans.Add(humanPool.Length); }
                Add(rows[0], Estimate(inMachine, inHuman, mixture, bins), n);
                Add(rows[1], Estimate(populationMachine, populationHuman, mixture, bins), n);
                Add(rows[2], Estimate(calMachine, calHuman, mixture, bins), n);

                // Disjoint: every text at most once, the exact share, as many records as the half's texts allow.
                var local = new Random(unchecked(7919 * d + (int)(share * 1000)));
                var size = (int)Math.Floor(Math.Min(humanPool.Length / (1 - share), machinePool.Length / share));
                var machineCount = (int)Math.Round(share * size);
                var humanCount = Math.Min(humanPool.Length, size - machineCount);
                size = machineCount + humanCount;
                var disjoint = new double[bins.Total];
                foreach (var t in machinePool.OrderBy(_ => local.Next()).Take(machineCount)) disjoint[bins.Index(t.Llr)]++;
                foreach (var t in humanPool.OrderBy(_ => local.Next()).Take(humanCount)) disjoint[bins.Index(t.Llr)]++;
                var disjointError = Estimate(calMachine, calHuman, disjoint, bins) - (double)machineCount / size;
                rows[3].Errors.Add(disjointError); rows[3].N.Add(size); rows[3].Humans.Add(humanPool.Length);
            }
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"true share {share:P0}"));
            Console.WriteLine("| densities / mixture | n (mean) | human texts in the estimation half (mean) | mean error (bias) | within 2 points | mean abs error | RMSE |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var row in rows) Console.WriteLine(Line(row.Name, row.Errors, row.N.Average(), row.Humans.Average()));
            scaling.Add((share, 1.0, rows[2].Humans.Average(), Rmse(rows[2].Errors), Within(rows[2].Errors), rows[0].Errors.Average(), Within(rows[0].Errors)));
            parts[share] = (rows[0].Errors.Average(), Variance(rows[0].Errors), Math.Max(0, Variance(rows[2].Errors) - Variance(rows[0].Errors)), rows[2].Humans.Average());

            // Fewer prompt groups, same protocol: a random quarter or half of the groups, split into halves as before.
            foreach (var fraction in new[] { 0.25, 0.5 })
            {
                var sub = new Random(500 + (int)(share * 1000) + (int)(fraction * 100));
                var errors = new List<double>();
                var inSample = new List<double>();
                var humans = new List<int>();
                for (var d = 0; d < draws; d++)
                {
                    var (calibration, estimation, machinePool, humanPool) =
                        Halves(groups.OrderBy(_ => sub.Next()).Take((int)Math.Round(fraction * groups.Length)).ToArray());
                    var synthetic = (int)Math.Round(share * n);
                    var mixture = new double[bins.Total];
                    for (var i = 0; i < n; i++)
                        mixture[bins.Index((i < synthetic ? machinePool[sub.Next(machinePool.Length)] : humanPool[sub.Next(humanPool.Length)]).Llr)]++;
                    var (calMachine, calHuman) = Counts(calibration, bins);
                    errors.Add(Estimate(calMachine, calHuman, mixture, bins) - (double)synthetic / n);
                    var (inMachine, inHuman) = Counts(estimation, bins);
                    inSample.Add(Estimate(inMachine, inHuman, mixture, bins) - (double)synthetic / n);
                    humans.Add(humanPool.Length);
                }
                scaling.Add((share, fraction, humans.Average(), Rmse(errors), Within(errors), inSample.Average(), Within(inSample)));
            }
        }

        Console.WriteLine();
        Console.WriteLine("scaling of the calibration-half protocol with the number of prompt groups (each half holds about the human texts stated; n = 5,000 throughout)");
        Console.WriteLine("| true share | human texts per half | within 2 points | RMSE | in-sample densities: bias, within 2 points | fitted RMSE ~ H^-a: a | H per half for 90% within 2 points, power law (RMSE 0.0122) | H per half for 90%, estimator's own error kept |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var share in Shares)
        {
            var points = scaling.Where(s => s.Share == share).OrderBy(s => s.Humans).ToList();
            // Least squares of log RMSE on log H over the three sizes.
            var xs = points.Select(p => Math.Log(p.Humans)).ToArray();
            var ys = points.Select(p => Math.Log(p.Rmse)).ToArray();
            var slope = (xs.Zip(ys, (x, y) => (x - xs.Average()) * (y - ys.Average())).Sum()) / xs.Sum(x => (x - xs.Average()) * (x - xs.Average()));
            var intercept = ys.Average() - slope * xs.Average();
            // Unbiased normal error: 90% within 2 points needs an RMSE of 0.02 / 1.645.
            var target = 0.02 / 1.6448536269514722;
            var needed = slope < 0 ? Math.Exp((Math.Log(target) - intercept) / slope) : double.PositiveInfinity;
            foreach (var p in points)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {share:P0} | {p.Humans:0} | {p.Within:P1} | {p.Rmse:0.0000} | {p.InSampleBias:+0.0000;-0.0000}, {p.InSampleWithin:P1} | {(p.Fraction == 1.0 ? (-slope).ToString("0.00", CultureInfo.InvariantCulture) : "")} | {(p.Fraction == 1.0 ? needed.ToString("N0", CultureInfo.InvariantCulture) : "")} | {(p.Fraction == 1.0 ? WithEstimatorFloor(parts[share]) : "")} |"));
        }
    }

    /// <summary>
    /// The human texts per half at which a normal error with the in-sample row's bias and variance (the estimator's own,
    /// which more texts are taken not to change) plus the sampling variance measured at the full size, scaled as 1/H,
    /// is within two points 90% of the time; "not reached" when the estimator's own error alone misses it.
    /// </summary>
    private static string WithEstimatorFloor((double Bias, double EstimatorVariance, double SamplingVariance, double Humans) p)
    {
        double Within(double humans)
        {
            var sd = Math.Sqrt(p.EstimatorVariance + p.SamplingVariance * p.Humans / humans);
            return MathNet.Numerics.Distributions.Normal.CDF(p.Bias, sd, 0.02) - MathNet.Numerics.Distributions.Normal.CDF(p.Bias, sd, -0.02);
        }
        if (Within(1e12) < 0.9) return string.Create(CultureInfo.InvariantCulture, $"not reached ({Within(1e12):P1} at most)");
        double low = 1, high = 1e12;
        for (var i = 0; i < 200; i++)
        {
            var mid = Math.Sqrt(low * high);
            if (Within(mid) >= 0.9) high = mid; else low = mid;
        }
        return high.ToString("N0", CultureInfo.InvariantCulture);
    }

    private static double Variance(List<double> errors)
    {
        var mean = errors.Average();
        return errors.Average(e => (e - mean) * (e - mean));
    }

    /// <summary>The mixture's point estimate, as <see cref="MixturePrevalenceEstimator"/> computes it: both classes smoothed, weight by maximum likelihood.</summary>
    private static double Estimate(double[] machineCounts, double[] humanCounts, double[] mixture, LlrBins bins)
    {
        var machine = new double[bins.Total];
        var human = new double[bins.Total];
        SmoothedDensity.EstimateClasses(machineCounts, humanCounts, bins, BandwidthScale, machine, human);
        return MixtureWeight.MaximumLikelihood(mixture, machine, human);
    }

    private static (double[] Machine, double[] Human) Counts(IEnumerable<TrainedDetectorPrevalenceBench.Text> texts, LlrBins bins)
    {
        var machine = new double[bins.Total];
        var human = new double[bins.Total];
        foreach (var t in texts) (t.Machine ? machine : human)[bins.Index(t.Llr)]++;
        return (machine, human);
    }

    /// <summary>Shuffled prompt groups split in two: the calibration half, and the estimation half with its machine and human pools.</summary>
    private static (TrainedDetectorPrevalenceBench.Text[] Calibration, TrainedDetectorPrevalenceBench.Text[] Estimation,
        TrainedDetectorPrevalenceBench.Text[] Machine, TrainedDetectorPrevalenceBench.Text[] Human) Halves(TrainedDetectorPrevalenceBench.Text[][] order)
    {
        var calibration = order[..(order.Length / 2)].SelectMany(g => g).ToArray();
        var estimation = order[(order.Length / 2)..].SelectMany(g => g).ToArray();
        return (calibration, estimation, estimation.Where(t => t.Machine).ToArray(), estimation.Where(t => !t.Machine).ToArray());
    }

    private static double Within(List<double> errors) => errors.Count(e => Math.Abs(e) <= 0.02 + 1e-12) / (double)errors.Count;

    private static double Rmse(List<double> errors) => Math.Sqrt(errors.Average(e => e * e));

    private static string Line(string name, List<double> errors, double n, double humans) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {n:N0} | {humans:0} | {errors.Average():+0.0000;-0.0000} | {Within(errors):P1} | {errors.Average(Math.Abs):0.0000} | {Rmse(errors):0.0000} |");
}
