namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// A reproducible one-sided upper confidence bound of the score-mixture share, for decisions that are taken many times
/// and checked again later (the curator's quota, the gate). The bootstrap of <see cref="MixturePrevalenceEstimator"/> is
/// split in two: the calibration replicates (whole groups resampled, both class densities re-smoothed) do not depend on
/// the records, so they are drawn once from the seed and reused for every set of records; each set's replicates then
/// redraw only its binned counts (multinomially, from a stream restarted from the seed on every call) and refit the
/// weight. The same counts, calibration and seed therefore always give the same bound, whoever computes it. Whether the
/// bound is above a limit, all the quota's search asks, is answered exactly by <see cref="Exceeds"/> from a fraction of that work.
/// </summary>
/// <remarks>
/// <para>The records are taken to be all records of some larger set whose LLR falls at or below their highest occupied
/// bin: both class densities are truncated there and renormalized. A set chosen by dropping the highest LLRs (the
/// curator's quota) is exactly that, and its machine texts are the low-scoring tail of the machine density, which the
/// untruncated mixture would mistake for human text (on the dev set it read shards with 60-70% machine text as within a
/// 10% maximum). For a set not selected by score the truncation at its own maximum changes the densities by about 1/n.</para>
/// <para>Records are resampled one by one: the curator does not know which records share a prompt or source, so the
/// records' part of the interval is the independent one, while the calibration part stays cluster-aware.</para>
/// </remarks>
public sealed class MixtureUpperBound
{
    private readonly double[][] _machine;
    private readonly double[][] _human;
    private readonly bool[] _uninformative;
    private readonly double[] _pointMachine;
    private readonly double[] _pointHuman;
    private readonly double[][] _machineBelow;
    private readonly double[][] _humanBelow;
    private readonly double[] _pointMachineBelow;
    private readonly double[] _pointHumanBelow;
    private readonly int _seed;

    public MixtureUpperBound(ScoreHistograms calibration, MixtureOptions options, int seed)
    {
        if (options.Replicates < 100) throw new ConfigurationException($"prevalence bootstrap replicates {options.Replicates}: need at least 100");
        if (!(options.Confidence > 0 && options.Confidence < 1)) throw new ConfigurationException($"prevalence confidence {options.Confidence}: must be strictly between 0 and 1");
        if (!(options.BandwidthScale > 0) || !double.IsFinite(options.BandwidthScale)) throw new ConfigurationException($"mixture bandwidth scale {options.BandwidthScale}: must be positive");
        Bins = calibration.Bins.Validated();
        Confidence = options.Confidence;
        _seed = seed;
        var groups = calibration.Groups;
        var k = Bins.Total;
        var machineCounts = new double[k];
        var humanCounts = new double[k];
        foreach (var g in groups) { Accumulate(g.Machine, machineCounts); Accumulate(g.Human, humanCounts); }
        if (!Any(machineCounts) || !Any(humanCounts))
            throw new ConfigurationException($"calibration needs machine and human texts (got {machineCounts.Sum()} machine, {humanCounts.Sum()} human)");
        _pointMachine = new double[k];
        _pointHuman = new double[k];
        SmoothedDensity.EstimateClasses(machineCounts, humanCounts, Bins, options.BandwidthScale, _pointMachine, _pointHuman);
        _pointMachineBelow = Below(_pointMachine);
        _pointHumanBelow = Below(_pointHuman);

        var random = new Random(seed);
        _machine = new double[options.Replicates][];
        _human = new double[options.Replicates][];
        _uninformative = new bool[options.Replicates];
        _machineBelow = new double[options.Replicates][];
        _humanBelow = new double[options.Replicates][];
        for (var r = 0; r < options.Replicates; r++)
        {
            Array.Clear(machineCounts); Array.Clear(humanCounts);
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[random.Next(groups.Count)];
                Accumulate(g.Machine, machineCounts);
                Accumulate(g.Human, humanCounts);
            }
            _machine[r] = new double[k];
            _human[r] = new double[k];
            // A replicate without one of the classes says nothing about the share: it spans all of [0, 1].
            if (!Any(machineCounts) || !Any(humanCounts)) { _uninformative[r] = true; _machineBelow[r] = _humanBelow[r] = _machine[r]; continue; }
            SmoothedDensity.Estimate(machineCounts, Bins, options.BandwidthScale, _machine[r]);
            SmoothedDensity.Estimate(humanCounts, Bins, options.BandwidthScale, _human[r]);
            _machineBelow[r] = Below(_machine[r]);
            _humanBelow[r] = Below(_human[r]);
        }
    }

    /// <summary>The bins the counts must be given in (the calibration's).</summary>
    public LlrBins Bins { get; }

    /// <summary>The one-sided confidence of <see cref="Upper"/>.</summary>
    public double Confidence { get; }

    /// <summary>The maximum-likelihood share of records with these counts per bin (0 when there are none), densities truncated at the highest occupied bin.</summary>
    public double Share(ReadOnlySpan<int> counts)
    {
        var window = Window.Of(counts);
        if (window.N == 0) return 0;
        var share = window.Fit(window.Values, _pointMachine, _pointHuman, _pointMachineBelow, _pointHumanBelow);
        return double.IsNaN(share) ? 0 : share;
    }

    /// <summary>
    /// The upper end of the one-sided interval at <see cref="Confidence"/> of the share of records with these counts per
    /// bin (<see cref="LlrBins.Total"/> entries); 0 when there are no records, as an empty set holds no synthetic text.
    /// </summary>
    public double Upper(ReadOnlySpan<int> counts)
    {
        var window = Checked(counts);
        if (window.N == 0) return 0;
        var random = Stream();
        var replicates = new double[_machine.Length];
        for (var r = 0; r < replicates.Length; r++)
        {
            window.Draw(random);
            var fit = _uninformative[r] ? double.NaN : window.Fit(window.Drawn, _machine[r], _human[r], _machineBelow[r], _humanBelow[r]);
            replicates[r] = double.IsNaN(fit) ? Uninformative(r) : fit;
        }
        Array.Sort(replicates);
        var (low, fraction) = Rank();
        var high = Math.Min(low + 1, replicates.Length - 1);
        return replicates[low] + (replicates[high] - replicates[low]) * fraction;
    }

    /// <summary>
    /// Exactly <c>Upper(counts) &gt; limit</c>, usually far cheaper: the same replicates are drawn from the same stream, but
    /// each is only placed above or below the limit (<see cref="MixtureWeight.Above"/>), and drawing stops as soon as enough
    /// lie on one side to settle where the interpolated percentile falls. Only when the two replicates it interpolates
    /// between straddle the limit does it compute <see cref="Upper"/> in full.
    /// </summary>
    public bool Exceeds(ReadOnlySpan<int> counts, double limit)
    {
        var window = Checked(counts);
        if (window.N == 0) return 0 > limit;
        var total = _machine.Length;
        var (low, fraction) = Rank();
        // The percentile lies between the replicates ranked low and low + 1 (ascending): above the limit when more than
        // total - 1 - low replicates are; within it when more than low + 1 are not (and the interpolation cannot overshoot
        // the upper one, which holds for any fraction short of 1 by more than rounding).
        var aboveNeeded = total - low;
        var belowNeeded = fraction <= 1 - 1e-9 ? low + 2 : int.MaxValue;
        var random = Stream();
        int above = 0, below = 0;
        for (var r = 0; r < total; r++)
        {
            window.Draw(random);
            var isAbove = _uninformative[r]
                ? Uninformative(r) > limit
                : window.Above(_machine[r], _human[r], _machineBelow[r], _humanBelow[r], limit) ?? Uninformative(r) > limit;
            if (isAbove) { if (++above >= aboveNeeded) return true; }
            else if (++below >= belowNeeded) return false;
        }
        return Upper(counts) > limit;
    }

    /// <summary>A replicate whose likelihood is flat says nothing about the share; half of them count as 0 and half as 1.</summary>
    private static double Uninformative(int replicate) => replicate % 2 == 0 ? 0.0 : 1.0;

    private Random Stream() => new(unchecked(_seed * 1_000_003 + 17));

    private (int Low, double Fraction) Rank()
    {
        var position = Confidence * (_machine.Length - 1);
        var low = (int)Math.Floor(position);
        return (low, position - low);
    }

    private Window Checked(ReadOnlySpan<int> counts)
    {
        if (counts.Length != Bins.Total) throw new ArgumentException($"counts over {counts.Length} bins, the calibration has {Bins.Total}", nameof(counts));
        return Window.Of(counts);
    }

    /// <summary>
    /// One set of records' occupied bins and the scratch its replicates reuse: the multinomial redraw of its counts and
    /// both truncated densities over the bins the redraw occupies.
    /// </summary>
    private sealed class Window
    {
        private readonly int[] _bins;
        private readonly double[] _machine;
        private readonly double[] _human;
        private readonly double[] _compactCounts;
        private readonly double[] _compactMachine;
        private readonly double[] _compactHuman;

        private Window(int[] bins, double[] values, int n)
        {
            _bins = bins;
            Values = values;
            N = n;
            Drawn = new double[values.Length];
            _machine = new double[values.Length];
            _human = new double[values.Length];
            _compactCounts = new double[values.Length];
            _compactMachine = new double[values.Length];
            _compactHuman = new double[values.Length];
        }

        public double[] Values { get; }
        public int N { get; }
        public double[] Drawn { get; }

        public static Window Of(ReadOnlySpan<int> counts)
        {
            var nonzero = 0;
            long n = 0;
            foreach (var c in counts)
            {
                if (c < 0) throw new ArgumentOutOfRangeException(nameof(counts), c, "a bin count must not be negative");
                if (c > 0) { nonzero++; n += c; }
            }
            var bins = new int[nonzero];
            var values = new double[nonzero];
            for (int b = 0, i = 0; b < counts.Length; b++)
                if (counts[b] > 0) { bins[i] = b; values[i++] = counts[b]; }
            return new Window(bins, values, (int)Math.Min(n, int.MaxValue));
        }

        /// <summary>Multinomial(n, counts / n) into <see cref="Drawn"/>, drawn bin by bin as binomials of what is left.</summary>
        public void Draw(Random random)
        {
            var left = N;
            var massLeft = (double)N;
            for (var i = 0; i < Values.Length; i++)
            {
                var x = i == Values.Length - 1 ? left : BinomialDraw.Sample(random, left, Math.Min(1, Values[i] / massLeft));
                Drawn[i] = x;
                left -= x;
                massLeft -= Values[i];
            }
        }

        /// <summary>
        /// <see cref="MixtureWeight.MaximumLikelihood"/> of <paramref name="counts"/> (over this window's occupied bins) with both
        /// densities truncated at the highest occupied bin; NaN when the truncated densities agree on every occupied bin (all
        /// records in the open bin below the calibrated range, say): the likelihood is then flat and says nothing about the share.
        /// </summary>
        public double Fit(double[] counts, double[] machine, double[] human, double[] machineBelow, double[] humanBelow)
        {
            var used = Truncate(counts, machine, human, machineBelow, humanBelow);
            return used < 0 ? double.NaN : MixtureWeight.MaximumLikelihood(_compactCounts.AsSpan(0, used), _compactMachine.AsSpan(0, used), _compactHuman.AsSpan(0, used));
        }

        /// <summary>Whether the fit of <see cref="Drawn"/> is above <paramref name="limit"/> (<see cref="MixtureWeight.Above"/>); null when it would be NaN.</summary>
        public bool? Above(double[] machine, double[] human, double[] machineBelow, double[] humanBelow, double limit)
        {
            var used = Truncate(Drawn, machine, human, machineBelow, humanBelow);
            return used < 0 ? null : MixtureWeight.Above(_compactCounts.AsSpan(0, used), _compactMachine.AsSpan(0, used), _compactHuman.AsSpan(0, used), limit);
        }

        /// <summary>
        /// Fills the compact arrays with the bins <paramref name="counts"/> occupies (the fit skips empty bins, so dropping
        /// them leaves its sums unchanged) and returns how many; -1 when the truncated densities agree on every occupied bin.
        /// </summary>
        private int Truncate(double[] counts, double[] machine, double[] human, double[] machineBelow, double[] humanBelow)
        {
            var top = _bins[^1];
            var machineMass = machineBelow[top];
            var humanMass = humanBelow[top];
            var flat = true;
            var used = 0;
            for (var i = 0; i < _bins.Length; i++)
            {
                if (!flat && counts[i] == 0) continue;
                var m = machine[_bins[i]] / machineMass;
                var h = human[_bins[i]] / humanMass;
                flat &= Math.Abs(m - h) <= 1e-12 * Math.Max(m, h);
                if (counts[i] == 0) continue;
                _compactCounts[used] = counts[i];
                _compactMachine[used] = m;
                _compactHuman[used++] = h;
            }
            return flat ? -1 : used;
        }
    }

    /// <summary>Running sums of a density from the lowest bin up, added in bin order so a truncated mass is the same double however it is read.</summary>
    private static double[] Below(double[] density)
    {
        var below = new double[density.Length];
        double sum = 0;
        for (var b = 0; b < density.Length; b++) below[b] = sum += density[b];
        return below;
    }

    private static void Accumulate(IReadOnlyList<BinCount> histogram, double[] counts)
    {
        for (var i = 0; i < histogram.Count; i++) counts[histogram[i].Bin] += histogram[i].Count;
    }

    private static bool Any(double[] counts)
    {
        foreach (var c in counts) if (c > 0) return true;
        return false;
    }
}
